using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Diagnostics;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Seeding.Benchmarks
{
    /// <summary>What one measured run gave.</summary>
    internal sealed class RunResult
    {
        public RunResult(TimeSpan wall, long allocated, Dictionary<DiagnosticAnalyzer, TimeSpan> executionTimes, Dictionary<string, int> diagnostics)
        {
            Wall = wall;
            Allocated = allocated;
            ExecutionTimes = executionTimes;
            Diagnostics = diagnostics;
        }

        /// <summary>Wall-clock time of the whole run (for an analysis run, binding included).</summary>
        public TimeSpan Wall { get; }

        /// <summary>Bytes allocated by every thread during the run.</summary>
        public long Allocated { get; }

        /// <summary>Roslyn's execution-time telemetry: time spent inside each analyzer's callbacks.</summary>
        public Dictionary<DiagnosticAnalyzer, TimeSpan> ExecutionTimes { get; }

        /// <summary>Diagnostics reported, by id.</summary>
        public Dictionary<string, int> Diagnostics { get; }

        /// <summary>The engine's solver work in this run (worklist runs of a body, flow nodes entered); null when no solver was built.</summary>
        public (int BodyRuns, long Steps)? SolverWork { get; init; }

        /// <summary>The work of the solvers over single trees asked before the program was summarised in full (SEED002's early answers).</summary>
        public (int BodyRuns, long Steps) PartWork { get; init; }

        /// <summary>The execution times of <paramref name="analyzers"/>, added up.</summary>
        public TimeSpan ExecutionTimeOf(IEnumerable<NamedAnalyzer> analyzers)
        {
            var total = TimeSpan.Zero;
            foreach (var named in analyzers)
            {
                if (ExecutionTimes.TryGetValue(named.Analyzer, out var time))
                {
                    total += time;
                }
            }

            return total;
        }
    }

    /// <summary>
    /// Compiles and analyses one generated program, each run on a fresh compilation of freshly
    /// parsed syntax trees, so that nothing bound or cached in one run is reused by the next:
    /// every run is a cold build, as a real <c>dotnet build</c> is, even for an engine that caches
    /// per syntax tree across compilations. Parsing happens before the timed region. Everything
    /// runs on one thread (no concurrent build, no concurrent analysis): the compile-only time and
    /// the analyzers' execution times are then both thread time and compare directly on a 2-core
    /// machine.
    /// </summary>
    internal sealed class Harness
    {
        private readonly IReadOnlyList<GeneratedFile> _files;
        private readonly ImmutableArray<MetadataReference> _references;
        private readonly ImmutableDictionary<string, ReportDiagnostic> _enabled;

        public Harness(IReadOnlyList<GeneratedFile> files, ImmutableArray<MetadataReference> references, ImmutableDictionary<string, ReportDiagnostic> enabled)
        {
            _files = files;
            _references = references;
            _enabled = enabled;
        }

        public static CSharpParseOptions ParseOptions { get; } = new CSharpParseOptions(LanguageVersion.Latest);

        /// <summary>The options of every compilation the benchmark builds: a console program, nullable on, one thread.</summary>
        public static CSharpCompilationOptions CompilationOptions(ImmutableDictionary<string, ReportDiagnostic> enabled)
            => new CSharpCompilationOptions(
                    OutputKind.ConsoleApplication,
                    nullableContextOptions: NullableContextOptions.Enable,
                    concurrentBuild: false)
                .WithSpecificDiagnosticOptions(enabled);

        /// <summary>
        /// The options of every analysis run: no concurrent analysis, execution-time telemetry on;
        /// analyzer exceptions go to <paramref name="failures"/>.
        /// </summary>
        public static CompilationWithAnalyzersOptions AnalysisOptions(List<string> failures)
            => new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (exception, analyzer, _) =>
                {
                    lock (failures)
                    {
                        failures.Add(analyzer.GetType().Name + ": " + exception.GetType().Name + ": " + exception.Message);
                    }
                },
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: true,
                reportSuppressedDiagnostics: false);

        /// <summary>Throws when an analyzer threw during a run (AD0001): its figures would mean nothing.</summary>
        public static void ThrowIfAnyFailed(List<string> failures)
        {
            if (failures.Count > 0)
            {
                throw new InvalidOperationException("An analyzer threw (AD0001):" + Environment.NewLine + string.Join(Environment.NewLine, failures));
            }
        }

        /// <summary>Parses every file afresh: new <see cref="SyntaxTree"/> objects, shared with no earlier compilation.</summary>
        public static ImmutableArray<SyntaxTree> Parse(IReadOnlyList<GeneratedFile> files)
        {
            var trees = ImmutableArray.CreateBuilder<SyntaxTree>(files.Count);
            foreach (var file in files)
            {
                trees.Add(CSharpSyntaxTree.ParseText(file.Text, ParseOptions, "/bench/" + file.Path));
            }

            return trees.MoveToImmutable();
        }

        /// <summary>A compilation of freshly parsed trees (parsing is never inside a timed region).</summary>
        public CSharpCompilation NewCompilation()
            => CSharpCompilation.Create("Bench", Parse(_files), _references, CompilationOptions(_enabled)); // new options too: an editor's project keeps its options object from one compilation to the next, a build does not

        /// <summary>Binds every method body and collects the compiler's diagnostics: the "compile-only" work (no emit).</summary>
        public RunResult CompileOnly()
        {
            var compilation = NewCompilation();
            Settle();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            var diagnostics = compilation.GetDiagnostics(CancellationToken.None);
            watch.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            return new RunResult(watch.Elapsed, allocated, new Dictionary<DiagnosticAnalyzer, TimeSpan>(), Count(diagnostics));
        }

        /// <summary>Runs <paramref name="analyzers"/> together over a fresh compilation with execution-time telemetry on.</summary>
        public RunResult Analyze(IReadOnlyList<NamedAnalyzer> analyzers) => Analyze(analyzers, named => named.Analyzer);

        /// <summary>Runs <paramref name="analyzers"/> as <see cref="Analyze(IReadOnlyList{NamedAnalyzer})"/> does, and writes every diagnostic to <paramref name="path"/>, one line each, sorted.</summary>
        public RunResult Analyze(IReadOnlyList<NamedAnalyzer> analyzers, string? path)
        {
            _diagnosticsOut = path;
            try
            {
                return Analyze(analyzers);
            }
            finally
            {
                _diagnosticsOut = null;
            }
        }

        private string? _diagnosticsOut;

        private static void Write(string path, ImmutableArray<Diagnostic> diagnostics)
        {
            var lines = new List<string>(diagnostics.Length);
            foreach (var diagnostic in diagnostics)
            {
                var additional = string.Join(" ", diagnostic.AdditionalLocations.Select(Place));
                lines.Add(diagnostic.Id + " " + Place(diagnostic.Location) + " [" + additional + "] " + diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
            }

            lines.Sort(StringComparer.Ordinal);
            System.IO.File.WriteAllLines(path, lines);

            static string Place(Location location)
            {
                var span = location.GetLineSpan();
                return span.Path + ":" + (span.StartLinePosition.Line + 1) + ":" + (span.StartLinePosition.Character + 1);
            }
        }

        /// <summary>Runs <paramref name="analyzers"/> together over a fresh compilation, metering the time in their callbacks less the collector's pauses.</summary>
        public CallbackMeter AnalyzeMetered(IReadOnlyList<NamedAnalyzer> analyzers)
        {
            var meter = new CallbackMeter();
            Analyze(analyzers, named => new MeteredAnalyzer(named.Analyzer, meter));
            return meter;
        }

        private RunResult Analyze(IReadOnlyList<NamedAnalyzer> analyzers, Func<NamedAnalyzer, DiagnosticAnalyzer> run)
        {
            var compilation = NewCompilation();
            var builder = ImmutableArray.CreateBuilder<DiagnosticAnalyzer>(analyzers.Count);
            foreach (var named in analyzers)
            {
                builder.Add(run(named));
            }

            var failures = new List<string>();
            var withAnalyzers = compilation.WithAnalyzers(builder.MoveToImmutable(), AnalysisOptions(failures));

            Settle();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            var result = withAnalyzers.GetAnalysisResultAsync(CancellationToken.None).GetAwaiter().GetResult();
            watch.Stop();
            var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;

            ThrowIfAnyFailed(failures);
            if (_diagnosticsOut is not null)
            {
                Write(_diagnosticsOut, result.GetAllDiagnostics());
            }

            var times = new Dictionary<DiagnosticAnalyzer, TimeSpan>();
            foreach (var pair in result.AnalyzerTelemetryInfo)
            {
                times[pair.Key] = pair.Value.ExecutionTime;
            }

            return new RunResult(watch.Elapsed, allocated, times, Count(result.GetAllDiagnostics()))
            {
                SolverWork = Seeding.Analyzers.Flow.FlowProgram.SolverWork(compilation.Options),
                PartWork = Seeding.Analyzers.Flow.FlowProgram.PartWork(compilation.Options),
            };
        }

        /// <summary>Collects garbage left by earlier runs so that a collection it forces is not charged to the next one.</summary>
        public static void Settle()
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        }

        public static Dictionary<string, int> Count(ImmutableArray<Diagnostic> diagnostics)
        {
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var diagnostic in diagnostics)
            {
                var key = diagnostic.Severity == DiagnosticSeverity.Error ? "error" : diagnostic.Id;
                counts[key] = counts.TryGetValue(key, out var count) ? count + 1 : 1;
            }

            return counts;
        }
    }
}
