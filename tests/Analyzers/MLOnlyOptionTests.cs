using System.Threading.Tasks;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Seeding.Analyzers.Tests.Analyzers
{
    /// <summary><c>seeding.ml_only</c>: SEED001 and SEED004 only in compilations that reference an ML library.</summary>
    public sealed class MLOnlyOptionTests
    {
        private const string MLOnly = "root = true\n[*.cs]\nseeding.ml_only = true\n";
        private const string NotMLOnly = "root = true\n[*.cs]\nseeding.ml_only = false\n";

        private const string FlaggedByBoth = """
            using System;

            class C
            {
                int M() => {|SEED001:new Random()|}.Next() + new Random({|SEED004:Environment.TickCount|}).Next();
            }
            """;

        private const string Unmarked = """
            using System;

            class C
            {
                int M() => new Random().Next() + new Random(Environment.TickCount).Next();
            }
            """;

        [Theory]
        [InlineData(null)]
        [InlineData(NotMLOnly)]
        [InlineData("root = true\n[*.cs]\nseeding.ml_only = maybe\n")]
        public async Task BothRulesReportEverywhereByDefaultAndWhenFalse(string? editorConfig)
        {
            await Verify.AnalyzerAsync<UnseededRandomAnalyzer>(FlaggedByBoth.Replace("{|SEED004:", "{|#0:"), Libraries.None, editorConfig);
            await Verify.AnalyzerAsync<NondeterministicSeedAnalyzer>(FlaggedByBoth.Replace("{|SEED001:", "{|#0:"), Libraries.None, editorConfig);
        }

        [Fact]
        public async Task BothRulesAreQuietWithoutAnMLLibraryWhenTrue()
        {
            await Verify.AnalyzerAsync<UnseededRandomAnalyzer>(Unmarked, Libraries.None, MLOnly);
            await Verify.AnalyzerAsync<NondeterministicSeedAnalyzer>(Unmarked, Libraries.None, MLOnly);
        }

        [Theory]
        [InlineData((int)Libraries.TorchSharp)]
        [InlineData((int)Libraries.MicrosoftML)]
        [InlineData((int)Libraries.MathNet)]
        public async Task BothRulesReportWithAnMLLibraryWhenTrue(int libraryFlag)
        {
            var library = (Libraries)libraryFlag;
            await Verify.AnalyzerAsync<UnseededRandomAnalyzer>(FlaggedByBoth.Replace("{|SEED004:", "{|#0:"), library, MLOnly);
            await Verify.AnalyzerAsync<NondeterministicSeedAnalyzer>(FlaggedByBoth.Replace("{|SEED001:", "{|#0:"), library, MLOnly);
        }

        [Fact]
        public async Task TheOptionIsReadPerFileAndFromGlobalConfig()
        {
            var perFile = new AnalyzerTest<NondeterministicSeedAnalyzer>();
            perFile.TestState.Sources.Add(("/ml/A.cs", "class A { System.Random M() => new System.Random({|SEED004:System.Environment.TickCount|}); }"));
            perFile.TestState.Sources.Add(("/tools/B.cs", "class B { System.Random M() => new System.Random(System.Environment.TickCount); }"));
            perFile.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[tools/*.cs]\nseeding.ml_only = true\n"));
            await perFile.RunAsync();

            var global = new AnalyzerTest<UnseededRandomAnalyzer>
            {
                TestCode = "class C { System.Random M() => new System.Random(); }",
            };
            global.TestState.AnalyzerConfigFiles.Add(("/.globalconfig", "is_global = true\nseeding.ml_only = true\n"));
            await global.RunAsync();
        }
    }
}
