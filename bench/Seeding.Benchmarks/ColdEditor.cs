using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Seeding.Benchmarks
{
    /// <summary>What the first analysis of files in cold editor sessions showed, on one generated program.</summary>
    internal sealed class ColdMeasurement
    {
        public ColdMeasurement(int files, int sampled, int findings, int shown, List<double> seedMilliseconds, List<double> referenceMilliseconds)
        {
            Files = files;
            Sampled = sampled;
            Findings = findings;
            Shown = shown;
            SeedMilliseconds = seedMilliseconds;
            ReferenceMilliseconds = referenceMilliseconds;
        }

        public int Files { get; }

        /// <summary>Files analysed, each first in its own cold session.</summary>
        public int Sampled { get; }

        /// <summary>SEED002 findings a full analysis reports in the sampled files.</summary>
        public int Findings { get; }

        /// <summary>Of those, the ones the cold first analysis of the file reported (same place and message).</summary>
        public int Shown { get; }

        public List<double> SeedMilliseconds { get; }

        public List<double> ReferenceMilliseconds { get; }
    }

    /// <summary>
    /// An editor that analyses only open files, in a session where nothing was analysed before:
    /// the first analysis of a file that holds SEED002 findings. For each of N such files (chosen
    /// by a full analysis, with a fixed seed), the whole program is parsed afresh (no summary of
    /// any tree is known) and only that file is analysed (per-document, a fresh
    /// <see cref="CompilationWithAnalyzers"/>), with the SEED set and with CA5394: how long it
    /// takes, and how many of the file's SEED002 findings it shows. The others wait for the rest
    /// of the program (the answer is withheld, never guessed).
    /// </summary>
    internal static class ColdEditor
    {
        private const ulong PickSeed = 0xC01D_2026_0001UL;

        public static ColdMeasurement Measure(int files, int samples, List<NamedAnalyzer> seeding, NamedAnalyzer reference, ImmutableDictionary<string, ReportDiagnostic> enabled)
        {
            var generated = CodeGenerator.Generate(files, Mix.MachineLearning);
            var references = Program.ReferencesFor(Mix.MachineLearning);
            var options = Harness.CompilationOptions(enabled);
            var set = Analyzers(seeding);
            Console.Error.WriteLine($"[cold editor, {files} files, {samples} files each first in a cold session]");

            // Which files hold SEED002 findings, and which: a full analysis of its own parse.
            var failures = new List<string>();
            var full = CSharpCompilation.Create("Bench", Harness.Parse(generated), references, options)
                .WithAnalyzers(set, Harness.AnalysisOptions(failures))
                .GetAnalyzerDiagnosticsAsync(CancellationToken.None).GetAwaiter().GetResult();
            Harness.ThrowIfAnyFailed(failures);
            var byFile = new SortedDictionary<string, HashSet<string>>(StringComparer.Ordinal);
            foreach (var diagnostic in full)
            {
                if (diagnostic.Id == "SEED002" && diagnostic.Location.SourceTree is { } tree)
                {
                    if (!byFile.TryGetValue(tree.FilePath, out var found))
                    {
                        byFile.Add(tree.FilePath, found = new HashSet<string>(StringComparer.Ordinal));
                    }

                    found.Add(Describe(diagnostic));
                }
            }

            var candidates = new List<string>(byFile.Keys);
            var random = new CodeGenerator.SplitMix64(PickSeed);
            var findings = 0;
            var shown = 0;
            var seedTimes = new List<double>();
            var referenceTimes = new List<double>();
            for (var n = 0; n < samples && candidates.Count > 0; n++)
            {
                var index = random.Next(candidates.Count);
                var path = candidates[index];
                candidates.RemoveAt(index);

                var (seedMs, diagnostics) = AnalyzeFirst(generated, references, options, path, set);
                var (referenceMs, _) = AnalyzeFirst(generated, references, options, path, ImmutableArray.Create(reference.Analyzer));
                seedTimes.Add(seedMs);
                referenceTimes.Add(referenceMs);

                var expected = byFile[path];
                var got = 0;
                foreach (var diagnostic in diagnostics)
                {
                    if (diagnostic.Id == "SEED002" && expected.Contains(Describe(diagnostic)))
                    {
                        got++;
                    }
                }

                findings += expected.Count;
                shown += got;
                Console.Error.WriteLine($"  {path}: {got} of {expected.Count} SEED002 shown; SEED set {seedMs:F0} ms, CA5394 {referenceMs:F0} ms");
            }

            return new ColdMeasurement(files, seedTimes.Count, findings, shown, seedTimes, referenceTimes);
        }

        public static void Print(List<ColdMeasurement> measurements)
        {
            var text = new StringBuilder();
            text.AppendLine("## Cold editor session: the first analysis of a file (only open files analysed)");
            text.AppendLine();
            text.AppendLine("| files | files sampled | their SEED002 findings (full analysis) | shown by the first, cold analysis | SEED set median / p90 (ms) | CA5394 median / p90 (ms) |");
            text.AppendLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var row in measurements)
            {
                text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {row.Files:N0} | {row.Sampled} | {row.Findings} | {row.Shown} | {Measurement.Median(row.SeedMilliseconds):F1} / {Measurement.Percentile(row.SeedMilliseconds, 0.90):F1} | {Measurement.Median(row.ReferenceMilliseconds):F1} / {Measurement.Percentile(row.ReferenceMilliseconds, 0.90):F1} |"));
            }

            text.AppendLine();
            text.AppendLine("A finding counts as shown when the cold analysis reports it at the same place with the same message as the full analysis. The rest wait until the other files have been analysed.");
            Console.WriteLine(text.ToString());
        }

        /// <summary>A fresh parse of the whole program, and the per-document analysis of one file of it, timed.</summary>
        private static (double Milliseconds, ImmutableArray<Diagnostic> Diagnostics) AnalyzeFirst(
            List<GeneratedFile> generated, ImmutableArray<MetadataReference> references, CSharpCompilationOptions options, string path, ImmutableArray<DiagnosticAnalyzer> analyzers)
        {
            var trees = Harness.Parse(generated);
            var compilation = CSharpCompilation.Create("Bench", trees, references, options);
            SyntaxTree? tree = null;
            foreach (var candidate in trees)
            {
                if (candidate.FilePath == path)
                {
                    tree = candidate;
                }
            }

            var model = compilation.GetSemanticModel(tree ?? throw new InvalidOperationException(path + " is not in the program."));
            var failures = new List<string>();
            var withAnalyzers = compilation.WithAnalyzers(analyzers, Harness.AnalysisOptions(failures));
            Harness.Settle();
            var watch = Stopwatch.StartNew();
            var diagnostics = withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, null, CancellationToken.None).GetAwaiter().GetResult();
            watch.Stop();
            Harness.ThrowIfAnyFailed(failures);
            return (watch.Elapsed.TotalMilliseconds, diagnostics);
        }

        private static ImmutableArray<DiagnosticAnalyzer> Analyzers(List<NamedAnalyzer> named)
        {
            var builder = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>(named.Count);
            foreach (var analyzer in named)
            {
                builder.Add(analyzer.Analyzer);
            }

            return builder.MoveToImmutable();
        }

        private static string Describe(Diagnostic diagnostic)
        {
            var span = diagnostic.Location.GetLineSpan();
            return span.StartLinePosition + " " + diagnostic.GetMessage(CultureInfo.InvariantCulture);
        }
    }
}
