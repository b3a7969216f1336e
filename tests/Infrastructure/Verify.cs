using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Seeding.Analyzers.Tests.Infrastructure
{
    /// <summary>Which library references a test compilation gets besides .NET itself.</summary>
    [System.Flags]
    internal enum Libraries
    {
        None = 0,
        TorchSharp = 1,

        /// <summary>TorchVision (brings TorchSharp with it).</summary>
        TorchVision = 2,
        MicrosoftML = 4,
        MathNet = 8,
    }

    /// <summary>An analyzer test against the real .NET 10 (and optionally TorchSharp) references.</summary>
    internal sealed class AnalyzerTest<TAnalyzer> : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public AnalyzerTest(Libraries libraries = Libraries.None)
        {
            TestState.Configure(libraries);
        }

        protected override ParseOptions CreateParseOptions()
            => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);
    }

    /// <summary>A code-fix test against the real .NET 10 (and optionally TorchSharp) references.</summary>
    internal sealed class CodeFixTest<TAnalyzer, TCodeFix> : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        public CodeFixTest(Libraries libraries = Libraries.None)
        {
            TestState.Configure(libraries);
        }

        protected override ParseOptions CreateParseOptions()
            => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);
    }

    internal static class Verify
    {
        /// <summary>Runs the analyzer on <paramref name="source"/> and checks its markup diagnostics.</summary>
        public static Task AnalyzerAsync<TAnalyzer>(string source, Libraries libraries = Libraries.None, string? editorConfig = null)
            where TAnalyzer : DiagnosticAnalyzer, new()
        {
            var test = new AnalyzerTest<TAnalyzer>(libraries) { TestCode = source };
            if (editorConfig is not null)
            {
                test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", editorConfig));
            }

            return test.RunAsync(CancellationToken.None);
        }

        /// <summary>
        /// Applies the fix with <paramref name="equivalenceKey"/> to <paramref name="source"/> and
        /// compares with <paramref name="fixedSource"/>. The framework also runs Fix All in
        /// document, project and solution scope and expects the same result.
        /// </summary>
        public static Task CodeFixAsync<TAnalyzer, TCodeFix>(
            string source, string fixedSource, string equivalenceKey, string? editorConfig = null, Libraries libraries = Libraries.None)
            where TAnalyzer : DiagnosticAnalyzer, new()
            where TCodeFix : CodeFixProvider, new()
        {
            var test = new CodeFixTest<TAnalyzer, TCodeFix>(libraries)
            {
                TestCode = source,
                FixedCode = fixedSource,
                CodeActionEquivalenceKey = equivalenceKey,
            };
            if (editorConfig is not null)
            {
                test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", editorConfig));
            }

            return test.RunAsync(CancellationToken.None);
        }

        internal static void Configure(this SolutionState state, Libraries libraries)
        {
            state.ReferenceAssemblies = TestReferences.None;
            state.AdditionalReferences.AddRange(TestReferences.For(libraries));
        }
    }
}
