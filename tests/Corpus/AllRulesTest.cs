using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;

namespace Seeding.Analyzers.Tests.Corpus
{
    /// <summary>
    /// Every analyzer of the package on one multi-file project, as a build runs them: the
    /// expected diagnostics are the whole set, so a rule that starts reporting somewhere new
    /// fails the test as surely as one that stops. One compilation per run (the framework's
    /// generated-code and suppression passes are skipped).
    /// </summary>
    internal sealed class AllRulesTest : CSharpAnalyzerTest<UnseededRandomAnalyzer, DefaultVerifier>
    {
        private static readonly Lazy<Type[]> LazyAnalyzerTypes = new(() => typeof(UnseededRandomAnalyzer).Assembly.GetTypes()
            .Where(type => !type.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(type))
            .OrderBy(type => type.FullName, StringComparer.Ordinal)
            .ToArray());

        private readonly DiagnosticAnalyzer[] _analyzers = NewAnalyzers();

        private AllRulesTest(Libraries libraries, OutputKind outputKind)
        {
            TestState.Configure(libraries);
            TestState.OutputKind = outputKind;
            TestBehaviors = TestBehaviors.SkipGeneratedCodeCheck | TestBehaviors.SkipSuppressionCheck;
        }

        /// <summary>
        /// New instances of every analyzer the package ships: each test gets its own, so nothing
        /// an analyzer keeps between compilations passes from one program to another.
        /// </summary>
        public static DiagnosticAnalyzer[] NewAnalyzers()
            => LazyAnalyzerTypes.Value.Select(type => (DiagnosticAnalyzer)Activator.CreateInstance(type)!).ToArray();

        /// <summary>
        /// Analyzes the project made of <paramref name="files"/> (path, text with markup) and
        /// expects exactly <paramref name="expected"/>: ids, spans and additional locations.
        /// </summary>
        public static Task RunAsync(
            Libraries libraries,
            OutputKind outputKind,
            IEnumerable<(string Path, string Text)> files,
            params DiagnosticResult[] expected)
        {
            var test = new AllRulesTest(libraries, outputKind);
            foreach (var file in files)
            {
                test.TestState.Sources.Add(file);
            }

            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => _analyzers;

        protected override ParseOptions CreateParseOptions()
            => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);
    }
}
