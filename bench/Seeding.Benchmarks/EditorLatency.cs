using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace Seeding.Benchmarks
{
    /// <summary>The latencies of one kind of per-document run over a sequence of edits.</summary>
    internal sealed class EditorSeries
    {
        public EditorSeries(string name, List<double> milliseconds, List<double> cpuMilliseconds)
        {
            Name = name;
            Milliseconds = milliseconds;
            CpuMilliseconds = cpuMilliseconds;
        }

        /// <summary>"compiler alone", "CA5394", "SEED set".</summary>
        public string Name { get; }

        /// <summary>One latency per edit, in edit order.</summary>
        public List<double> Milliseconds { get; }

        /// <summary>
        /// The process's processor time over each edit's analysis, every thread's (the driver's
        /// worker threads, the collector's): what the edit cost, whatever else the machine ran
        /// meanwhile, where the latency also counts waiting for a core.
        /// </summary>
        public List<double> CpuMilliseconds { get; }

        public double Median => Measurement.Median(Milliseconds);

        public double CpuMedian => Measurement.Median(CpuMilliseconds);

        public double P90 => Measurement.Percentile(Milliseconds, 0.90);

        public double Max => Measurement.Percentile(Milliseconds, 1.0);
    }

    /// <summary>The editor latencies measured on one generated program.</summary>
    internal sealed class EditorMeasurement
    {
        public EditorMeasurement(Mix mix, int files, EditorSeries compiler, EditorSeries reference, EditorSeries seedSet, int seedDiagnosticsInEditedFiles, bool draws)
        {
            Draws = draws;
            Mix = mix;
            Files = files;
            Compiler = compiler;
            Reference = reference;
            SeedSet = seedSet;
            SeedDiagnosticsInEditedFiles = seedDiagnosticsInEditedFiles;
        }

        public Mix Mix { get; }

        /// <summary>Each edit inserted a draw (the flow of the edited body changed), not a plain statement.</summary>
        public bool Draws { get; }

        public int Files { get; }

        /// <summary>The floor: the compiler's semantic diagnostics of the edited tree, no analyzers.</summary>
        public EditorSeries Compiler { get; }

        public EditorSeries Reference { get; }

        public EditorSeries SeedSet { get; }

        /// <summary>SEED diagnostics reported in the edited files, added up over all edits (shows the rules were live).</summary>
        public int SeedDiagnosticsInEditedFiles { get; }
    }

    /// <summary>
    /// What an editor pays per keystroke: the program is parsed once and analysed in full once
    /// (as when a solution loads), then each of K edits inserts a statement into a method body of
    /// one random file, replaces only that tree in a new compilation (every other tree object is
    /// the same, so a cache keyed by syntax tree can hit), creates a fresh
    /// <see cref="CompilationWithAnalyzers"/> for that snapshot and times the per-document
    /// semantic analysis of the edited tree. Edits accumulate, as typing does.
    /// </summary>
    internal static class EditorLatency
    {
        private const ulong EditSeed = 0xED17_2026_0001UL;
        private const int SanityLines = 5;

        public static EditorMeasurement Measure(
            Mix mix,
            int files,
            int edits,
            List<NamedAnalyzer> seeding,
            NamedAnalyzer reference,
            ImmutableDictionary<string, ReportDiagnostic> enabled,
            bool draws = false)
        {
            var generated = CodeGenerator.Generate(files, mix);
            var trees = Harness.Parse(generated);
            var references = Program.ReferencesFor(mix);
            var options = Harness.CompilationOptions(enabled);
            Console.Error.WriteLine($"[editor, {Program.Name(mix)}, {files} files, {edits} edits{(draws ? ", each inserting a draw" : string.Empty)}]");

            // Every series starts from its own compilation of the same parsed trees and makes the
            // same edits (same generator seed); no series sees what another bound.
            CSharpCompilation BaseCompilation() => CSharpCompilation.Create("Bench", trees, references, options);
            var compiler = Series("compiler alone", BaseCompilation(), edits, null, null, draws);
            var withReference = Series("CA5394", BaseCompilation(), edits, new[] { reference }, null, draws);
            var seedDiagnostics = new List<Dictionary<string, int>>();
            var withSeeding = Series("SEED set", BaseCompilation(), edits, seeding.ToArray(), seedDiagnostics, draws);

            var total = 0;
            foreach (var counts in seedDiagnostics)
            {
                foreach (var pair in counts)
                {
                    total += pair.Value;
                }
            }

            Console.Error.WriteLine($"  SEED diagnostics in the edited files over all {edits} edits: {total}");
            return new EditorMeasurement(mix, files, compiler, withReference, withSeeding, total, draws);
        }

        /// <summary>
        /// One untimed full analysis of <paramref name="start"/>, then the edits, each timed.
        /// Without analyzers, times the compiler's semantic diagnostics of the edited tree instead.
        /// </summary>
        private static EditorSeries Series(
            string name,
            CSharpCompilation start,
            int edits,
            IReadOnlyList<NamedAnalyzer>? analyzers,
            List<Dictionary<string, int>>? seedDiagnostics,
            bool draws)
        {
            var failures = new List<string>();
            var set = ImmutableArray<DiagnosticAnalyzer>.Empty;
            var watch = Stopwatch.StartNew();
            if (analyzers is null)
            {
                start.GetDiagnostics(CancellationToken.None);
            }
            else
            {
                var builder = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>(analyzers.Count);
                foreach (var named in analyzers)
                {
                    builder.Add(named.Analyzer);
                }

                set = builder.MoveToImmutable();
                start.WithAnalyzers(set, Harness.AnalysisOptions(failures))
                    .GetAnalysisResultAsync(CancellationToken.None).GetAwaiter().GetResult();
                Harness.ThrowIfAnyFailed(failures);
            }

            Console.Error.Write($"  {name}: full analysis {watch.ElapsedMilliseconds} ms (untimed); edits:");

            var random = new CodeGenerator.SplitMix64(EditSeed);
            var compilation = start;
            var latencies = new List<double>(edits);
            var cpu = new List<double>(edits);
            var process = Process.GetCurrentProcess();
            var sanity = new List<string>();
            for (var n = 1; n <= edits; n++)
            {
                var old = compilation.SyntaxTrees[random.Next(compilation.SyntaxTrees.Length)];
                var edited = InsertStatement(old, n, random, draws);
                compilation = compilation.ReplaceSyntaxTree(old, edited);
                var model = compilation.GetSemanticModel(edited);
                CompilationWithAnalyzers? withAnalyzers = analyzers is null ? null : compilation.WithAnalyzers(set, Harness.AnalysisOptions(failures));

                Harness.Settle();
                ImmutableArray<Diagnostic> diagnostics;
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                watch.Restart();
                if (withAnalyzers is null)
                {
                    diagnostics = model.GetDiagnostics(null, CancellationToken.None);
                }
                else
                {
                    diagnostics = withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, null, CancellationToken.None).GetAwaiter().GetResult();
                }

                watch.Stop();
                process.Refresh();
                cpu.Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
                Harness.ThrowIfAnyFailed(failures);
                latencies.Add(watch.Elapsed.TotalMilliseconds);
                Console.Error.Write($" {watch.Elapsed.TotalMilliseconds:F0}");

                if (seedDiagnostics is not null)
                {
                    var counts = SeedCounts(diagnostics);
                    seedDiagnostics.Add(counts);
                    if (n <= SanityLines)
                    {
                        sanity.Add($"    edit {n}: {edited.FilePath} ({Kind(edited)}): {Describe(counts)}");
                    }
                }
            }

            Console.Error.WriteLine(" ms");
            foreach (var line in sanity)
            {
                Console.Error.WriteLine(line);
            }

            return new EditorSeries(name, latencies, cpu);
        }

        /// <summary>
        /// Inserts <c>var __edit{n} = {n};</c> (with <paramref name="draws"/>, <c>var __edit{n} =
        /// TorchSharp.torch.rand({n});</c>, a draw that changes what the edited body means to the
        /// flow engine) before a random statement of a random block-bodied method or constructor
        /// of <paramref name="tree"/>, as a text change (the editor's incremental reparse), keeping
        /// the statement's indentation.
        /// </summary>
        private static SyntaxTree InsertStatement(SyntaxTree tree, int n, CodeGenerator.SplitMix64 random, bool draws)
        {
            var bodies = new List<BlockSyntax>();
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                if (node is BaseMethodDeclarationSyntax { Body: { } body })
                {
                    bodies.Add(body);
                }
            }

            if (bodies.Count == 0)
            {
                throw new InvalidOperationException($"{tree.FilePath} has no method body to edit.");
            }

            var chosen = bodies[random.Next(bodies.Count)];
            var number = n.ToString(CultureInfo.InvariantCulture);
            var statement = "var __edit" + number + " = " + (draws ? "TorchSharp.torch.rand(" + number + ")" : number) + ";";
            var text = tree.GetText();
            TextChange change;
            if (chosen.Statements.Count == 0)
            {
                change = new TextChange(new TextSpan(chosen.OpenBraceToken.Span.End, 0), " " + statement + " ");
            }
            else
            {
                var before = chosen.Statements[random.Next(chosen.Statements.Count)];
                var column = text.Lines.GetLinePosition(before.SpanStart).Character;
                change = new TextChange(new TextSpan(before.SpanStart, 0), statement + "\n" + new string(' ', column));
            }

            return tree.WithChangedText(text.WithChanges(change));
        }

        private static Dictionary<string, int> SeedCounts(ImmutableArray<Diagnostic> diagnostics)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var diagnostic in diagnostics)
            {
                if (diagnostic.Id.StartsWith("SEED", StringComparison.Ordinal))
                {
                    counts[diagnostic.Id] = counts.TryGetValue(diagnostic.Id, out var count) ? count + 1 : 1;
                }
            }

            return counts;
        }

        private static string Describe(Dictionary<string, int> counts)
        {
            if (counts.Count == 0)
            {
                return "no SEED diagnostics";
            }

            var ids = new List<string>(counts.Keys);
            ids.Sort(StringComparer.Ordinal);
            var parts = new List<string>(ids.Count);
            foreach (var id in ids)
            {
                parts.Add(id + " " + counts[id].ToString(CultureInfo.InvariantCulture));
            }

            return string.Join(", ", parts);
        }

        /// <summary>What the generator wrote into the file, for the sanity line.</summary>
        private static string Kind(SyntaxTree tree)
        {
            var text = tree.GetText().ToString();
            if (text.Contains("using TorchSharp;", StringComparison.Ordinal))
            {
                return text.Contains("public static int Main", StringComparison.Ordinal) ? "Main, TorchSharp" : "TorchSharp code";
            }

            return text.Contains("Random", StringComparison.Ordinal) ? "System.Random code" : "business code";
        }
    }
}
