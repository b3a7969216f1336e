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
                    IDataView M(IDataView data) => {|SEED005:new MLContext()|}.Data.ShuffleRows(data);
                }
                """,
                """
                using Microsoft.ML;

                class C
                {
                    IDataView M(IDataView data) => new MLContext(seed: 42).Data.ShuffleRows(data);
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
                        Train(a, b, c, d);
                    }

                    static void Train(params MLContext[] contexts) { }
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
                        Train(a, b, c, d);
                    }

                    static void Train(params MLContext[] contexts) { }
                }
                """);

        [Fact]
        public Task TargetTypedNewAndObjectInitialisersKeepTheirShape()
            => VerifyAsync(
                """
                using Microsoft.ML;

                public class C
                {
                    private readonly MLContext _a = {|SEED005:new()|};
                    public MLContext B() => {|SEED005:new MLContext|} { FallbackToCpu = true };
                    public MLContext D() => {|SEED005:new()|} { GpuDeviceId = 0 };
                    public MLContext E() => {|SEED005:new MLContext( /* no seed */ )|};
                    public object F(IDataView data) => _a.Data.BootstrapSample(data);
                }
                """,
                """
                using Microsoft.ML;

                public class C
                {
                    private readonly MLContext _a = new(seed: 42);
                    public MLContext B() => new MLContext(seed: 42) { FallbackToCpu = true };
                    public MLContext D() => new(seed: 42) { GpuDeviceId = 0 };
                    public MLContext E() => new MLContext( /* no seed */ seed: 42);
                    public object F(IDataView data) => _a.Data.BootstrapSample(data);
                }
                """);

        [Fact]
        public Task UsesTheConfiguredSeed()
            => VerifyAsync(
                """
                public class C
                {
                    public Microsoft.ML.MLContext M() => {|SEED005:new Microsoft.ML.MLContext()|};
                }
                """,
                """
                public class C
                {
                    public Microsoft.ML.MLContext M() => new Microsoft.ML.MLContext(seed: 2024);
                }
                """,
                "root = true\n[*.cs]\nseeding.default_seed = 2024\n");

        [Fact]
        public Task UsesTheTypesSeedConstant()
            => VerifyAsync(
                """
                using Microsoft.ML;

                public class C
                {
                    private const int ExperimentSeed = 1234;
                    public static readonly MLContext s_ml = {|SEED005:new MLContext()|};

                    public MLContext M() => {|SEED005:new MLContext(seed: null)|};
                }
                """,
                """
                using Microsoft.ML;

                public class C
                {
                    private const int ExperimentSeed = 1234;
                    public static readonly MLContext s_ml = new MLContext(seed: ExperimentSeed);

                    public MLContext M() => new MLContext(seed: ExperimentSeed);
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

                    void Run()
                    {
                        _train.Regression.Trainers.Sdca();
                        _evaluate.Data.ShuffleRows(null!);
                        Tune().Clustering.Trainers.KMeans();
                        Keep().Regression.Trainers.Sdca();
                    }
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

                    void Run()
                    {
                        _train.Regression.Trainers.Sdca();
                        _evaluate.Data.ShuffleRows(null!);
                        Tune().Clustering.Trainers.KMeans();
                        Keep().Regression.Trainers.Sdca();
                    }
                }
                """);
    }
}
