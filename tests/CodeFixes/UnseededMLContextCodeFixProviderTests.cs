using System.Threading.Tasks;
using Seeding.Analyzers.CodeFixes.Rules;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Seeding.Analyzers.Tests.CodeFixes
{
    public sealed class UnseededMLContextCodeFixProviderTests
    {
        private const string AddSeed = UnseededMLContextCodeFixProvider.AddSeedKey;

        private static Task VerifyAsync(string source, string fixedSource, string? editorConfig = null)
            => Verify.CodeFixAsync<UnseededMLContextAnalyzer, UnseededMLContextCodeFixProvider>(
                source, fixedSource, AddSeed, editorConfig, Libraries.MicrosoftML);

        [Fact]
        public Task ParameterlessConstructorGetsTheDefaultSeed()
            => VerifyAsync(
                """
                using Microsoft.ML;

                class C
                {
                    MLContext M() => {|SEED005:new MLContext()|};
                }
                """,
                """
                using Microsoft.ML;

                class C
                {
                    MLContext M() => new MLContext(seed: 42);
                }
                """);

        [Fact]
        public Task NullSeedsAreReplacedAndNamed()
            => VerifyAsync(
                """
                using Microsoft.ML;

                class C
                {
                    void M()
                    {
                        var a = {|SEED005:new MLContext(seed: null)|};
                        var b = {|SEED005:new MLContext(null)|};
                        var c = {|SEED005:new MLContext(seed: /* later */ (int?)null)|};
                        var d = {|SEED005:new MLContext(/* none yet */ default)|};
                    }
                }
                """,
                """
                using Microsoft.ML;

                class C
                {
                    void M()
                    {
                        var a = new MLContext(seed: 42);
                        var b = new MLContext(seed: 42);
                        var c = new MLContext(seed: /* later */ 42);
                        var d = new MLContext(/* none yet */ seed: 42);
                    }
                }
                """);

        [Fact]
        public Task TargetTypedNewAndObjectInitialisersKeepTheirShape()
            => VerifyAsync(
                """
                using Microsoft.ML;

                class C
                {
                    private readonly MLContext _a = {|SEED005:new()|};
                    MLContext B() => {|SEED005:new MLContext|} { FallbackToCpu = true };
                    MLContext D() => {|SEED005:new()|} { GpuDeviceId = 0 };
                    MLContext E() => {|SEED005:new MLContext( /* no seed */ )|};
                }
                """,
                """
                using Microsoft.ML;

                class C
                {
                    private readonly MLContext _a = new(seed: 42);
                    MLContext B() => new MLContext(seed: 42) { FallbackToCpu = true };
                    MLContext D() => new(seed: 42) { GpuDeviceId = 0 };
                    MLContext E() => new MLContext( /* no seed */ seed: 42);
                }
                """);

        [Fact]
        public Task UsesTheConfiguredSeed()
            => VerifyAsync(
                """
                class C
                {
                    Microsoft.ML.MLContext M() => {|SEED005:new Microsoft.ML.MLContext()|};
                }
                """,
                """
                class C
                {
                    Microsoft.ML.MLContext M() => new Microsoft.ML.MLContext(seed: 2024);
                }
                """,
                "root = true\n[*.cs]\nseeding.default_seed = 2024\n");

        [Fact]
        public Task UsesTheTypesSeedConstant()
            => VerifyAsync(
                """
                using Microsoft.ML;

                class C
                {
                    private const int ExperimentSeed = 1234;
                    private static readonly MLContext s_ml = {|SEED005:new MLContext()|};

                    MLContext M() => {|SEED005:new MLContext(seed: null)|};
                }
                """,
                """
                using Microsoft.ML;

                class C
                {
                    private const int ExperimentSeed = 1234;
                    private static readonly MLContext s_ml = new MLContext(seed: ExperimentSeed);

                    MLContext M() => new MLContext(seed: ExperimentSeed);
                }
                """);

        [Fact]
        public Task FixAllSeedsEveryContextInTheDocument()
            => VerifyAsync(
                """
                using Microsoft.ML;

                class Training
                {
                    private readonly MLContext _train = {|SEED005:new MLContext()|};
                    private readonly MLContext _evaluate = {|SEED005:new()|};

                    MLContext Tune() => {|SEED005:new MLContext(seed: null)|};

                    MLContext Keep() => new MLContext(seed: 5);
                }
                """,
                """
                using Microsoft.ML;

                class Training
                {
                    private readonly MLContext _train = new MLContext(seed: 42);
                    private readonly MLContext _evaluate = new(seed: 42);

                    MLContext Tune() => new MLContext(seed: 42);

                    MLContext Keep() => new MLContext(seed: 5);
                }
                """);
    }
}
