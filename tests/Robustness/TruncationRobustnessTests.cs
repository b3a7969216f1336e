using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace Seeding.Analyzers.Tests.Robustness
{
    /// <summary>
    /// Code as it is while being typed: every robustness input cut off at token boundaries.
    /// Every analyzer runs on each cut, the cuts taking the variants in turn; on cuts of the
    /// corpus, every fixer registers and applies its fixes, single and Fix All. Nothing may throw.
    /// </summary>
    public sealed class TruncationRobustnessTests
    {
        /// <summary>Most analyzer cuts per corpus document (the corpus files are the unusual code).</summary>
        internal const int CorpusCuts = 80;

        /// <summary>Most analyzer cuts per document taken from the other tests.</summary>
        internal const int TestInputCuts = 6;

        /// <summary>Most cuts per corpus document on which the fixers run.</summary>
        internal const int FixerCuts = 6;

        public static IEnumerable<object[]> Inputs() => RobustnessInputs.Names();

        public static IEnumerable<object[]> CorpusInputs() => RobustnessInputs.CorpusNames();

        [Theory]
        [MemberData(nameof(Inputs))]
        public async Task NoAnalyzerThrowsOnTheInputCutOffAtTokenBoundaries(string name)
        {
            var input = RobustnessInputs.Get(name);
            var failures = new List<string>();
            var turn = 0;
            foreach (var (cut, document, end) in Cuts(input, input.IsCorpus ? CorpusCuts : TestInputCuts))
            {
                var variant = RobustnessHarness.Variants[turn++ % RobustnessHarness.Variants.Length];
                var trees = cut.Documents.Select(d => RobustnessHarness.Parse(d.Text, d.Path));
                var run = await RobustnessHarness.AnalyzeAsync(RobustnessHarness.Compile(variant, trees), variant.Options);
                failures.AddRange(run.Failures().Select(failure => $"[{variant}] {document.Path} cut at {end} (...{Truncations.Tail(document.Text, end)}): {failure}"));
            }

            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        }

        [Theory]
        [MemberData(nameof(CorpusInputs))]
        public async Task NoFixerThrowsOnTheCorpusCutOffAtTokenBoundaries(string name)
        {
            var input = RobustnessInputs.Get(name);
            var failures = new List<string>();
            var turn = 0;
            foreach (var (cut, document, end) in Cuts(input, FixerCuts))
            {
                var variant = turn++ % 2 == 0 ? RobustnessHarness.Variants[0] : RobustnessHarness.Variants[2];
                if (!await RobustnessHarness.HasFixableDiagnosticsAsync(cut, variant))
                {
                    continue;
                }

                var session = await FixSession.CreateAsync(cut.Documents, variant);
                var where = $"{document.Path} cut at {end} (...{Truncations.Tail(document.Text, end)})";
                var found = new List<string>();
                foreach (var fixer in RobustnessHarness.Fixers)
                {
                    foreach (var id in fixer.FixableDiagnosticIds)
                    {
                        foreach (var diagnostic in session.RuleDiagnostics.Where(diagnostic => diagnostic.Id == id).Take(3))
                        {
                            try
                            {
                                foreach (var action in await session.ActionsAsync(fixer, diagnostic))
                                {
                                    await FixSession.ApplyAsync(action);
                                }
                            }
                            catch (System.Exception exception)
                            {
                                found.Add($"[{variant}] fixing {diagnostic} threw {exception}");
                            }
                        }

                        await FixAllSafetyTests.FixAllAsync(session, fixer, id, found, new[] { FixAllScope.Document }, checkResult: false);
                    }
                }

                failures.AddRange(found.Select(failure => where + ": " + failure));
            }

            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        }

        /// <summary>The input with one document cut off, for each cut of each document.</summary>
        private static IEnumerable<(RobustnessInput Cut, (string Path, string Text) Document, int End)> Cuts(RobustnessInput input, int perDocument)
        {
            for (var i = 0; i < input.Documents.Count; i++)
            {
                var document = input.Documents[i];
                foreach (var end in Truncations.Of(document.Text, perDocument))
                {
                    var documents = input.Documents.ToArray();
                    documents[i] = (document.Path, document.Text.Substring(0, end));
                    yield return (new RobustnessInput(input.Name, documents), document, end);
                }
            }
        }
    }
}
