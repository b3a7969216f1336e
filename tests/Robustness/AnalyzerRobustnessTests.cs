using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace Seeding.Analyzers.Tests.Robustness
{
    /// <summary>
    /// Every analyzer of the package over every robustness input, whole, under the
    /// <see cref="RobustnessHarness.Variants">variants</see>: libraries the code uses missing,
    /// executable or library, options; and over the corpus as an editor runs them, file by file
    /// and member by member. No analyzer may throw: the analyzer-exception callback
    /// must stay silent and no AD0001 may appear.
    /// </summary>
    public sealed class AnalyzerRobustnessTests
    {
        public static IEnumerable<object[]> Inputs() => RobustnessInputs.Names();

        public static IEnumerable<object[]> CorpusInputs() => RobustnessInputs.CorpusNames();

        [Fact]
        public void TheSuiteCoversTheCorpusTheOtherTestsAndEveryRule()
        {
            Assert.Contains(RobustnessInputs.All, input => input.IsCorpus);
            Assert.Contains(RobustnessInputs.All, input => input.Name.StartsWith("CodeFixes/", StringComparison.Ordinal));
            Assert.Contains(RobustnessInputs.All, input => input.Name.StartsWith("Analyzers/", StringComparison.Ordinal));
            Assert.Contains(RobustnessInputs.All, input => input.Documents.Count > 1);
            Assert.DoesNotContain(RobustnessInputs.All, input => input.Documents.Any(document => document.Text.Contains("{|", StringComparison.Ordinal)));

            var ids = RobustnessHarness.Analyzers.SelectMany(analyzer => analyzer.SupportedDiagnostics).Select(descriptor => descriptor.Id);
            Assert.Equal(typeof(DiagnosticIds).GetFields().Length, ids.Distinct().Count());
            Assert.NotEmpty(RobustnessHarness.Fixers);
        }

        /// <summary>
        /// The harness itself: an analyzer that throws reaches the exception callback. With a
        /// callback, Roslyn hands the exception to it instead of reporting AD0001, which is why
        /// the suites assert on the callback (and check for AD0001 as well); without one, the
        /// same exception comes out as AD0001.
        /// </summary>
        [Fact]
        public async Task TheHarnessSeesAnAnalyzerThatThrows()
        {
            var compilation = RobustnessHarness.Compile(
                RobustnessHarness.Variants[0],
                new[] { RobustnessHarness.Parse("class C { int M() => 1 + 2; }", "/C.cs") });
            var throwing = ImmutableArray.Create<DiagnosticAnalyzer>(new ThrowingAnalyzer());

            var run = await RobustnessHarness.AnalyzeAsync(compilation, RobustnessHarness.DefaultOptions, throwing);

            Assert.Contains(run.Exceptions, exception => exception.Contains(nameof(ThrowingAnalyzer) + ": System.InvalidOperationException", StringComparison.Ordinal));
            Assert.NotEmpty(run.Failures());

            var withoutCallback = await compilation
                .WithAnalyzers(throwing, new CompilationWithAnalyzersOptions(RobustnessHarness.DefaultOptions, null, concurrentAnalysis: true, logAnalyzerExecutionTime: false))
                .GetAnalyzerDiagnosticsAsync();
            Assert.Contains(withoutCallback, diagnostic => diagnostic.Id == "AD0001");
        }

        [Theory]
        [MemberData(nameof(Inputs))]
        public async Task NoAnalyzerThrowsOnTheWholeInput(string name)
        {
            var input = RobustnessInputs.Get(name);
            var failures = new List<string>();
            // The corpus under every variant; the other tests' sources, already run by their own
            // tests as they were meant to be, under the four that change them most.
            foreach (var variant in input.IsCorpus ? RobustnessHarness.Variants : RobustnessHarness.Variants.Take(4))
            {
                var trees = input.Documents.Select(document => RobustnessHarness.Parse(document.Text, document.Path));
                var run = await RobustnessHarness.AnalyzeAsync(RobustnessHarness.Compile(variant, trees), variant.Options);
                failures.AddRange(run.Failures().Select(failure => $"[{variant}] {failure}"));
            }

            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        }

        /// <summary>
        /// The corpus analyzed as an editor analyzes an open file: one document at a time, whole
        /// and member by member (the span of each type member, as after an edit inside it).
        /// </summary>
        [Theory]
        [MemberData(nameof(CorpusInputs))]
        public async Task NoAnalyzerThrowsWhenAnEditorAnalyzesOneDocumentOrOneMember(string name)
        {
            var input = RobustnessInputs.Get(name);
            var failures = new List<string>();
            foreach (var variant in new[] { RobustnessHarness.Variants[0], RobustnessHarness.Variants[2] })
            {
                var trees = input.Documents.Select(document => RobustnessHarness.Parse(document.Text, document.Path)).ToList();
                var compilation = RobustnessHarness.Compile(variant, trees);
                foreach (var tree in trees)
                {
                    var spans = tree.GetRoot().DescendantNodes().OfType<MemberDeclarationSyntax>()
                        .Where(member => member is not BaseNamespaceDeclarationSyntax)
                        .Select(member => member.Span);
                    var run = await RobustnessHarness.AnalyzeLikeAnEditorAsync(compilation, variant.Options, tree, spans);
                    failures.AddRange(run.Failures().Select(failure => $"[{variant}] {tree.FilePath}: {failure}"));
                }
            }

            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        }

#pragma warning disable RS1036, RS2008 // a test double that never ships: no release tracking, no extended analyzer rules
        [DiagnosticAnalyzer(LanguageNames.CSharp)]
        private sealed class ThrowingAnalyzer : DiagnosticAnalyzer
        {
            private static readonly DiagnosticDescriptor Rule = new("TEST001", "Throws", "Throws", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Rule);

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.RegisterOperationAction(_ => throw new InvalidOperationException("on purpose"), OperationKind.Binary);
            }
        }
#pragma warning restore RS1036, RS2008
    }
}
