using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Seeding.Analyzers.Tests.Robustness
{
    /// <summary>
    /// Code of a size or depth that hand-written tests never reach, as generators produce it:
    /// analyzers must neither throw nor exhaust the stack (a stack overflow is not an
    /// analyzer exception: it kills the compiler).
    /// </summary>
    public sealed class DeepCodeTests
    {
        /// <summary>
        /// Regression (found by the robustness suite): following calls one level per stack frame
        /// group, a chain of about 3,700 methods each calling the next overflowed the stack of the
        /// analyzer thread and the process died. The solver now works through calls without
        /// recursion and without a depth limit: Main's call is reported, with the draw at the end
        /// of the chain as its additional location.
        /// </summary>
        [Fact]
        public async Task AVeryLongCallChainDoesNotOverflowTheStack()
        {
            var run = await AnalyzeProgramAsync(CallChain(10_000, seedAfter: false));

            Assert.Empty(run.Failures());
            var missing = Assert.Single(run.Diagnostics, diagnostic => diagnostic.Id == DiagnosticIds.MissingTorchSeed);
            Assert.Equal(4, missing.Location.GetLineSpan().StartLinePosition.Line); // Main's M0()
            Assert.Equal(10_005, Assert.Single(missing.AdditionalLocations).GetLineSpan().StartLinePosition.Line);
        }

        /// <summary>However long the chain, the draw at its end counts before the seed in Main (answered exactly, no depth limit).</summary>
        [Fact]
        public async Task ADrawAtTheEndOfAVeryLongChainIsSeenFromMain()
        {
            var run = await AnalyzeProgramAsync(CallChain(10_000, seedAfter: true));

            Assert.Empty(run.Failures());
            Assert.DoesNotContain(run.Diagnostics, diagnostic => diagnostic.Id == DiagnosticIds.MissingTorchSeed); // SEED002's finding
            var late = Assert.Single(run.Diagnostics, diagnostic => diagnostic.Id == DiagnosticIds.SeedAfterDraw);
            Assert.Equal(4, late.Location.GetLineSpan().StartLinePosition.Line); // Main's torch.manual_seed(1)
        }

        /// <summary>A sum of thousands of terms, one operation nested in the next: no recursion over it may overflow either.</summary>
        [Theory]
        [InlineData("n")]
        [InlineData("torch.rand(1).item<float>()")]
        public async Task AVeryLongExpressionIsAnalyzed(string term)
        {
            var source = new StringBuilder("using TorchSharp;\n\nstatic class Program\n{\n    static void Main(string[] args)\n    {\n        var n = args.Length;\n        var sum = n");
            for (var i = 0; i < 2_000; i++)
            {
                source.Append(" + ").Append(term);
            }

            source.Append(";\n        torch.manual_seed((long)sum);\n        _ = new System.Random((int)sum);\n    }\n}\n");

            var run = await AnalyzeProgramAsync(source.ToString());

            Assert.Empty(run.Failures());
        }

        /// <summary>Main calls M0, which calls M1, ..., and M<paramref name="length"/> draws; Main seeds afterwards, or not at all.</summary>
        private static string CallChain(int length, bool seedAfter)
        {
            var main = seedAfter
                ? "    static void Main() { M0(); torch.manual_seed(1); }\n"
                : "    static void Main() { M0(); }\n";
            var source = new StringBuilder("using TorchSharp;\n\nstatic class Program\n{\n").Append(main);
            for (var i = 0; i < length; i++)
            {
                source.Append("    static void M").Append(i).Append("() => M").Append(i + 1).Append("();\n");
            }

            source.Append("    static void M").Append(length).Append("() => torch.rand(1);\n}\n");
            return source.ToString();
        }

        private static Task<AnalysisRun> AnalyzeProgramAsync(string source)
        {
            var variant = RobustnessHarness.Variants[0];
            var compilation = RobustnessHarness.Compile(variant, new[] { RobustnessHarness.Parse(source, "/Deep.cs") });
            Assert.DoesNotContain(compilation.GetDiagnostics(), diagnostic => diagnostic.Severity == DiagnosticSeverity.Error);
            return RobustnessHarness.AnalyzeAsync(compilation, variant.Options);
        }
    }
}
