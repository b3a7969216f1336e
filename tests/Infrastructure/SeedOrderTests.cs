using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Seeding.Analyzers.Rules;

namespace Seeding.Analyzers.Tests.Infrastructure
{
    /// <summary>
    /// SEED002 and SEED003 run together, as a build runs them, on a TorchSharp program: for tests
    /// that one defect gives one diagnostic, and that one rule's fix leaves nothing for the other.
    /// </summary>
    internal sealed class SeedOrderAnalyzerTest : CSharpAnalyzerTest<MissingTorchSeedAnalyzer, DefaultVerifier>
    {
        public SeedOrderAnalyzerTest()
        {
            TestState.Configure(Libraries.TorchSharp);
            TestState.OutputKind = OutputKind.ConsoleApplication;
        }

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => SeedOrderRules.Analyzers();

        protected override ParseOptions CreateParseOptions()
            => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);
    }

    /// <summary>A fix of <typeparamref name="TCodeFix"/> with SEED002 and SEED003 both analysing the program before and after it.</summary>
    internal sealed class SeedOrderCodeFixTest<TCodeFix> : CSharpCodeFixTest<MissingTorchSeedAnalyzer, TCodeFix, DefaultVerifier>
        where TCodeFix : CodeFixProvider, new()
    {
        public SeedOrderCodeFixTest()
        {
            TestState.Configure(Libraries.TorchSharp);
            TestState.OutputKind = OutputKind.ConsoleApplication;
            MarkupOptions = MarkupOptions.UseFirstDescriptor;
        }

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => SeedOrderRules.Analyzers();

        protected override ParseOptions CreateParseOptions()
            => ((CSharpParseOptions)base.CreateParseOptions()).WithLanguageVersion(LanguageVersion.Latest);
    }

    internal static class SeedOrderRules
    {
        public static DiagnosticAnalyzer[] Analyzers() => new DiagnosticAnalyzer[] { new MissingTorchSeedAnalyzer(), new SeedAfterDrawAnalyzer() };
    }
}
