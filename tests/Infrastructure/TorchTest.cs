using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace Seeding.Analyzers.Tests.Infrastructure
{
    /// <summary>Analyzer tests of TorchSharp programs: real TorchSharp reference, executable or library.</summary>
    internal static class TorchTest
    {
        public static Task ProgramAsync<TAnalyzer>(string source, params DiagnosticResult[] expected)
            where TAnalyzer : DiagnosticAnalyzer, new()
            => RunAsync<TAnalyzer>(new[] { source }, OutputKind.ConsoleApplication, null, expected);

        public static Task LibraryAsync<TAnalyzer>(string source, params DiagnosticResult[] expected)
            where TAnalyzer : DiagnosticAnalyzer, new()
            => RunAsync<TAnalyzer>(new[] { source }, OutputKind.DynamicallyLinkedLibrary, null, expected);

        public static Task RunAsync<TAnalyzer>(string[] sources, OutputKind outputKind, string? editorConfig, params DiagnosticResult[] expected)
            where TAnalyzer : DiagnosticAnalyzer, new()
        {
            var test = new AnalyzerTest<TAnalyzer>(Libraries.TorchSharp);
            for (var i = 0; i < sources.Length; i++)
            {
                test.TestState.Sources.Add(($"/Program{i}.cs", sources[i]));
            }

            test.TestState.OutputKind = outputKind;
            if (editorConfig is not null)
            {
                test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", editorConfig));
            }

            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }
    }
}
