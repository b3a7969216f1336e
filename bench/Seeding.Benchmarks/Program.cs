using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Seeding.Benchmarks
{
    /// <summary>
    /// The analyzer benchmark: generates compilations of several sizes, then measures the compile
    /// alone, each SEED analyzer, the whole SEED set and CA5394 on whole compilations, and the
    /// per-document latency an editor sees after an edit; on request, what the package adds to a
    /// real <c>dotnet build</c>; prints Markdown tables.
    /// <code>dotnet run -c Release --project bench/Seeding.Benchmarks [-- --sizes 500,2000,4000 --iterations 3 --warmup 1 --no-alone --no-plain --floor --cpu --yardstick --editor 20 --editor-only --editor-draws --editor-plain --real-build --real-build-only --real-build-runs 5 --real-build-files 2000 --diagnostics-out PREFIX --editor-cold 10]</code>
    /// </summary>
    internal static class Program
    {
        private const string Usage =
            "usage: dotnet run -c Release --project bench/Seeding.Benchmarks [-- --sizes 500,2000,4000] [--iterations 3] [--warmup 1] [--no-alone] [--no-plain] [--floor] [--cpu] [--yardstick]"
            + " [--editor 20] [--editor-only] [--editor-draws] [--editor-plain] [--real-build] [--real-build-only] [--real-build-runs 5] [--real-build-files 2000] [--diagnostics-out PREFIX] [--editor-cold 10]";

        private static int Main(string[] args)
        {
            if (!Options.TryParse(args, out var options, out var error))
            {
                Console.Error.WriteLine(error);
                Console.Error.WriteLine(Usage);
                return 2;
            }

            var seeding = AnalyzerCatalog.Seeding();
            var reference = AnalyzerCatalog.Reference();
            var yardstick = options.Yardstick ? AnalyzerCatalog.Yardstick() : null;
            var all = new List<NamedAnalyzer>(seeding) { reference };
            if (yardstick is not null)
            {
                all.Add(yardstick); // CA2000 is off by default: enabled like the rest, each run still has only its own analyzers
            }

            var enabled = AnalyzerCatalog.EnableAll(all);

            PrintMachine(reference);
            if (!string.Equals(References.BuildConfiguration, "Release", StringComparison.OrdinalIgnoreCase))
            {
                Console.WriteLine($"> Warning: built in {References.BuildConfiguration}; figures only mean something in Release (-c Release).");
                Console.WriteLine();
            }

            if (!options.EditorOnly && !options.RealBuildOnly)
            {
                var measurements = new List<Measurement>();
                foreach (var mix in options.Plain ? new[] { Mix.MachineLearning, Mix.Plain } : new[] { Mix.MachineLearning })
                {
                    foreach (var files in options.Sizes)
                    {
                        var measured = Measure(mix, files, options, seeding, reference, yardstick, enabled);
                        if (measured is null)
                        {
                            return 1;
                        }

                        measurements.Add(measured);
                    }
                }

                Report.Print(measurements, seeding, reference, yardstick, options);
            }

            if (options.Edits > 0 && !options.RealBuildOnly)
            {
                var editor = new List<EditorMeasurement>();
                foreach (var mix in options.EditorPlain ? new[] { Mix.MachineLearning, Mix.Plain } : new[] { Mix.MachineLearning })
                {
                    foreach (var files in options.Sizes)
                    {
                        editor.Add(EditorLatency.Measure(mix, files, options.Edits, seeding, reference, enabled));
                        if (options.EditorDraws && mix == Mix.MachineLearning)
                        {
                            editor.Add(EditorLatency.Measure(mix, files, options.Edits, seeding, reference, enabled, draws: true));
                        }
                    }
                }

                Report.PrintEditor(editor, options.Edits);
            }

            if (options.ColdSamples > 0 && !options.RealBuildOnly)
            {
                var cold = new List<ColdMeasurement>();
                foreach (var files in options.Sizes)
                {
                    cold.Add(ColdEditor.Measure(files, options.ColdSamples, seeding, reference, enabled));
                }

                ColdEditor.Print(cold);
            }

            if (options.RealBuild && !RealBuild.Run(options.RealBuildFiles, options.RealBuildRuns))
            {
                return 1;
            }

            Console.WriteLine($"Load average at end (1, 5, 15 min): {LoadAverage()}. Other work on the machine inflates every timing alike; compare runs made under similar load.");
            return 0;
        }

        private static Measurement? Measure(
            Mix mix,
            int files,
            Options options,
            List<NamedAnalyzer> seeding,
            NamedAnalyzer reference,
            NamedAnalyzer? yardstick,
            ImmutableDictionary<string, ReportDiagnostic> enabled)
        {
            var generated = CodeGenerator.Generate(files, mix);
            var lines = 0;
            foreach (var tree in Harness.Parse(generated))
            {
                lines += tree.GetText().Lines.Count;
            }

            // Every run parses the files afresh (see Harness): no run reuses another's syntax trees.
            var harness = new Harness(generated, ReferencesFor(mix), enabled);
            var errors = new List<Diagnostic>();
            foreach (var diagnostic in harness.NewCompilation().GetDiagnostics())
            {
                if (diagnostic.Severity == DiagnosticSeverity.Error)
                {
                    errors.Add(diagnostic);
                }
            }

            Console.Error.WriteLine($"[{Name(mix)}, {files} files, {lines} lines] compiler errors: {errors.Count}");
            if (errors.Count > 0)
            {
                for (var i = 0; i < errors.Count && i < 10; i++)
                {
                    Console.Error.WriteLine("  " + errors[i]);
                }

                Console.Error.WriteLine("The generated code must compile; aborting.");
                return null;
            }

            var seedingSet = seeding.ToArray();
            var referenceSet = new[] { reference };
            var compile = new Samples();
            var set = new Samples();
            var referenceRun = new Samples();
            var setWall = new List<double>();
            var referenceWall = new List<double>();
            var alone = new Dictionary<string, Samples>(StringComparer.Ordinal);
            var inSet = new Dictionary<string, List<double>>(StringComparer.Ordinal);
            var measurement = new Measurement(mix, files, lines);
            var measureAlone = options.Alone && mix == Mix.MachineLearning;
            var floor = new WalkFloorAnalyzer();
            var floorSet = new[] { new NamedAnalyzer("FLOOR walk", floor) };
            var floorRun = new List<double>();
            var edgeFloor = new EdgeFloorAnalyzer();
            var edgeFloorSet = new[] { new NamedAnalyzer("FLOOR edges", edgeFloor) };
            var edgeFloorRun = new List<double>();
            var setCpu = new List<double>();
            var referenceCpu = new List<double>();
            var yardstickRun = new List<double>();
            var yardstickWall = new List<double>();

            for (var iteration = -options.Warmup; iteration < options.Iterations; iteration++)
            {
                var record = iteration >= 0;
                Console.Error.Write(record ? $"  iteration {iteration + 1}/{options.Iterations}:" : "  warm-up:");

                var compiled = harness.CompileOnly();
                Console.Error.Write($" compile {compiled.Wall.TotalMilliseconds:F0} ms;");

                var withReference = harness.Analyze(referenceSet);
                var referenceMs = withReference.ExecutionTimeOf(referenceSet).TotalMilliseconds;
                Console.Error.Write($" CA5394 {referenceMs:F0} ms (run {withReference.Wall.TotalMilliseconds:F0} ms);");

                var withSet = harness.Analyze(seedingSet, options.DiagnosticsOut is { } dump ? dump + (mix == Mix.Plain ? ".plain." : ".") + files + ".txt" : null);
                var setMs = withSet.ExecutionTimeOf(seedingSet).TotalMilliseconds;
                Console.Error.Write($" SEED set {setMs:F0} ms (run {withSet.Wall.TotalMilliseconds:F0} ms");
                Console.Error.Write(withSet.SolverWork is { } work ? $"; solver: {work.BodyRuns:N0} body runs, {work.Steps:N0} steps" : string.Empty);
                Console.Error.Write($"; early, per tree: {withSet.PartWork.BodyRuns:N0} body runs, {withSet.PartWork.Steps:N0} steps);");

                if (options.Floor)
                {
                    var walked = harness.Analyze(floorSet);
                    var floorMs = walked.ExecutionTimeOf(floorSet).TotalMilliseconds;
                    Console.Error.Write($" walk floor {floorMs:F0} ms;");
                    var edged = harness.Analyze(edgeFloorSet);
                    var edgeFloorMs = edged.ExecutionTimeOf(edgeFloorSet).TotalMilliseconds;
                    Console.Error.Write($" edge floor {edgeFloorMs:F0} ms;");
                    if (record)
                    {
                        floorRun.Add(floorMs);
                        edgeFloorRun.Add(edgeFloorMs);
                    }
                }

                if (yardstick is not null)
                {
                    var yardstickSet = new[] { yardstick };
                    var measuredYardstick = harness.Analyze(yardstickSet);
                    var yardstickMs = measuredYardstick.ExecutionTimeOf(yardstickSet).TotalMilliseconds;
                    Console.Error.Write($" {AnalyzerCatalog.YardstickRule} {yardstickMs:F0} ms (run {measuredYardstick.Wall.TotalMilliseconds:F0} ms);");
                    if (record)
                    {
                        yardstickRun.Add(yardstickMs);
                        yardstickWall.Add(measuredYardstick.Wall.TotalMilliseconds);
                        measurement.YardstickDiagnostics.Clear();
                        Merge(measurement.YardstickDiagnostics, measuredYardstick.Diagnostics);
                    }
                }

                if (options.Cpu)
                {
                    // Runs of their own: reading the clock in every callback would add to the telemetry above.
                    var referenceMeter = harness.AnalyzeMetered(referenceSet);
                    var setMeter = harness.AnalyzeMetered(seedingSet);
                    Console.Error.Write($" in callbacks less pauses: CA5394 {referenceMeter.Corrected.TotalMilliseconds:F0} ms of {referenceMeter.Wall.TotalMilliseconds:F0} ({referenceMeter.Callbacks:N0} callbacks), SEED set {setMeter.Corrected.TotalMilliseconds:F0} ms of {setMeter.Wall.TotalMilliseconds:F0} ({setMeter.Callbacks:N0});");
                    if (record)
                    {
                        referenceCpu.Add(referenceMeter.Corrected.TotalMilliseconds);
                        setCpu.Add(setMeter.Corrected.TotalMilliseconds);
                    }
                }

                if (record)
                {
                    compile.Add(compiled.Wall.TotalMilliseconds, compiled.Allocated);
                    referenceRun.Add(referenceMs, withReference.Allocated);
                    referenceWall.Add(withReference.Wall.TotalMilliseconds);
                    setWall.Add(withSet.Wall.TotalMilliseconds);
                    set.Add(setMs, withSet.Allocated);
                    foreach (var named in seeding)
                    {
                        AddTo(inSet, named.Name, withSet.ExecutionTimeOf(new[] { named }).TotalMilliseconds);
                    }

                    measurement.SolverWork = withSet.SolverWork;
                    measurement.PartWork = withSet.PartWork;
                    measurement.Diagnostics.Clear();
                    Merge(measurement.Diagnostics, withSet.Diagnostics);
                    Merge(measurement.Diagnostics, withReference.Diagnostics);
                }

                if (measureAlone)
                {
                    foreach (var named in seeding)
                    {
                        var only = new[] { named };
                        var run = harness.Analyze(only);
                        Console.Error.Write($" {named.Name.Substring(0, 7)} {run.ExecutionTimeOf(only).TotalMilliseconds:F0} ms (run {run.Wall.TotalMilliseconds:F0} ms);");
                        if (record)
                        {
                            if (!alone.TryGetValue(named.Name, out var samples))
                            {
                                alone[named.Name] = samples = new Samples();
                            }

                            samples.Add(run.ExecutionTimeOf(only).TotalMilliseconds, run.Allocated);
                        }
                    }

                }

                Console.Error.WriteLine();
            }

            const double MB = 1024.0 * 1024.0;
            var compileAllocated = compile.MedianAllocated;
            measurement.CompileMs = compile.MedianMs;
            measurement.CompileAllocatedMB = compileAllocated / MB;
            measurement.SeedSetMs = set.MedianMs;
            measurement.SeedSetExtraMB = (set.MedianAllocated - compileAllocated) / MB;
            measurement.ReferenceMs = referenceRun.MedianMs;
            measurement.SeedSetRunMs = Measurement.Median(setWall);
            measurement.ReferenceRunMs = Measurement.Median(referenceWall);
            measurement.ReferenceExtraMB = (referenceRun.MedianAllocated - compileAllocated) / MB;
            foreach (var pair in alone)
            {
                measurement.AloneMs[pair.Key] = pair.Value.MedianMs;
                measurement.AloneAllocatedMB[pair.Key] = pair.Value.MedianAllocated / MB;
            }

            foreach (var pair in inSet)
            {
                measurement.InSetMs[pair.Key] = Measurement.Median(pair.Value);
            }

            if (floorRun.Count > 0)
            {
                measurement.FloorMs = Measurement.Median(floorRun);
                measurement.FloorOperations = floor.Operations / (options.Warmup + options.Iterations);
                measurement.EdgeFloorMs = Measurement.Median(edgeFloorRun);
                measurement.EdgeFloorEdges = edgeFloor.Edges / (options.Warmup + options.Iterations);
            }

            if (yardstickRun.Count > 0)
            {
                measurement.YardstickMs = Measurement.Median(yardstickRun);
                measurement.YardstickRunMs = Measurement.Median(yardstickWall);
            }

            if (setCpu.Count > 0)
            {
                measurement.SeedSetCpuMs = Measurement.Median(setCpu);
                measurement.ReferenceCpuMs = Measurement.Median(referenceCpu);
            }

            return measurement;
        }

        /// <summary>The .NET reference assemblies, and TorchSharp for the machine-learning mix.</summary>
        internal static ImmutableArray<MetadataReference> ReferencesFor(Mix mix)
            => mix == Mix.MachineLearning ? References.Net.Add(References.TorchSharp) : References.Net;

        internal static string Name(Mix mix) => mix == Mix.MachineLearning ? "ML mix" : "plain (no ML library, no Random)";

        private static void AddTo(Dictionary<string, List<double>> lists, string key, double value)
        {
            if (!lists.TryGetValue(key, out var list))
            {
                lists[key] = list = new List<double>();
            }

            list.Add(value);
        }

        private static void Merge(SortedDictionary<string, int> into, Dictionary<string, int> counts)
        {
            foreach (var pair in counts)
            {
                into[pair.Key] = into.TryGetValue(pair.Key, out var count) ? count + pair.Value : pair.Value;
            }
        }

        private static void PrintMachine(NamedAnalyzer reference)
        {
            Console.WriteLine("## Machine");
            Console.WriteLine();
            Console.WriteLine($"- OS: {RuntimeInformation.OSDescription} ({RuntimeInformation.OSArchitecture})");
            Console.WriteLine($"- Runtime: {RuntimeInformation.FrameworkDescription} ({RuntimeInformation.RuntimeIdentifier})");
            Console.WriteLine($"- Processors: {Environment.ProcessorCount}");
            Console.WriteLine($"- GC: {(GCSettings.IsServerGC ? "server" : "workstation")}, {GCSettings.LatencyMode}");
            Console.WriteLine($"- Roslyn (host): {typeof(CSharpCompilation).Assembly.GetName().Version}");
            Console.WriteLine($"- Reference analyzer: {reference.Analyzer.GetType().FullName} from Microsoft.CodeAnalysis.NetAnalyzers {References.NetAnalyzersVersion} (assembly {AnalyzerCatalog.VersionOf(reference.Analyzer)})");
            Console.WriteLine($"- .NET references: {References.NetReferenceDirectory}; TorchSharp {References.TorchSharpVersion}");
            Console.WriteLine($"- Benchmark build: {References.BuildConfiguration}");
            Console.WriteLine($"- Load average at start (1, 5, 15 min): {LoadAverage()}");
            Console.WriteLine();
        }

        /// <summary>The first three fields of /proc/loadavg, or "n/a" where there is none.</summary>
        private static string LoadAverage()
        {
            const string path = "/proc/loadavg";
            if (!System.IO.File.Exists(path))
            {
                return "n/a";
            }

            var fields = System.IO.File.ReadAllText(path).Split(' ');
            return fields.Length >= 3 ? fields[0] + ", " + fields[1] + ", " + fields[2] : "n/a";
        }

        /// <summary>Times and allocations of one kind of run over the measured iterations.</summary>
        private sealed class Samples
        {
            private readonly List<double> _ms = new List<double>();
            private readonly List<double> _allocated = new List<double>();

            public double MedianMs => Measurement.Median(_ms);

            public double MedianAllocated => Measurement.Median(_allocated);

            public void Add(double ms, long allocated)
            {
                _ms.Add(ms);
                _allocated.Add(allocated);
            }
        }
    }

    /// <summary>Command-line options.</summary>
    internal sealed class Options
    {
        public IReadOnlyList<int> Sizes { get; private set; } = new[] { 500, 2000, 4000 };

        public int Iterations { get; private set; } = 3;

        public int Warmup { get; private set; } = 1;

        /// <summary>Also run each SEED analyzer on its own (the machine-learning mix only).</summary>
        public bool Alone { get; private set; } = true;

        /// <summary>Also measure the plain program in the whole-compilation part (off with <c>--no-plain</c>: quicker A/B runs).</summary>
        public bool Plain { get; private set; } = true;

        /// <summary>Also time the walk floor (<see cref="WalkFloorAnalyzer"/>) in every iteration.</summary>
        public bool Floor { get; private set; }

        /// <summary>
        /// With <c>--diagnostics-out PREFIX</c>: every diagnostic of the SEED set run (and the
        /// compiler's), one line each and sorted, written to <c>PREFIX.N.txt</c> for N files
        /// (<c>PREFIX.plain.N.txt</c> for the plain program), so
        /// two builds of the analyzers can be compared on the same programs.
        /// </summary>
        public string? DiagnosticsOut { get; private set; }

        /// <summary>Also run CA5394 and the SEED set once more per iteration, metering time inside their callbacks less the collector's pauses (<see cref="CallbackMeter"/>).</summary>
        public bool Cpu { get; private set; }

        /// <summary>Also time the yardstick, NetAnalyzers' CA2000 (a dataflow rule), in every iteration (<see cref="AnalyzerCatalog.Yardstick"/>).</summary>
        public bool Yardstick { get; private set; }

        /// <summary>With <c>--editor-cold N</c>: N files with SEED002 findings, each analysed first in a cold editor session (see <see cref="ColdEditor"/>).</summary>
        public int ColdSamples { get; private set; }

        /// <summary>Edits per analyzer set in the editor-latency part (0 skips it).</summary>
        public int Edits { get; private set; } = 20;

        /// <summary>Run only the editor-latency part.</summary>
        public bool EditorOnly { get; private set; }

        /// <summary>Also measure edits that insert a draw (they change the edited body's flow) on the machine-learning mix.</summary>
        public bool EditorDraws { get; private set; }

        /// <summary>Also measure editor latency on the plain program (the machine-learning mix only otherwise).</summary>
        public bool EditorPlain { get; private set; }

        /// <summary>Also time real <c>dotnet build</c>s with and without the package (takes minutes).</summary>
        public bool RealBuild { get; private set; }

        /// <summary>Run only the real-build part.</summary>
        public bool RealBuildOnly { get; private set; }

        /// <summary>Measured build pairs (A with the package, B without) after one warm-up each.</summary>
        public int RealBuildRuns { get; private set; } = 5;

        /// <summary>Files of the generated program the real build compiles.</summary>
        public int RealBuildFiles { get; private set; } = 2000;

        public static bool TryParse(string[] args, out Options options, out string? error)
        {
            options = new Options();
            error = null;
            for (var i = 0; i < args.Length; i++)
            {
                var value = i + 1 < args.Length ? args[i + 1] : null;
                switch (args[i])
                {
                    case "--sizes" when value is not null:
                        var sizes = new List<int>();
                        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                        {
                            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size < 3)
                            {
                                error = $"--sizes: '{part}' is not a file count of at least 3";
                                return false;
                            }

                            sizes.Add(size);
                        }

                        options.Sizes = sizes;
                        i++;
                        break;
                    case "--iterations" when value is not null && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var iterations) && iterations > 0:
                        options.Iterations = iterations;
                        i++;
                        break;
                    case "--warmup" when value is not null && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var warmup):
                        options.Warmup = warmup;
                        i++;
                        break;
                    case "--no-alone":
                        options.Alone = false;
                        break;
                    case "--floor":
                        options.Floor = true;
                        break;
                    case "--diagnostics-out" when i + 1 < args.Length:
                        options.DiagnosticsOut = args[++i];
                        break;
                    case "--cpu":
                        options.Cpu = true;
                        break;
                    case "--yardstick":
                        options.Yardstick = true;
                        break;
                    case "--no-plain":
                        options.Plain = false;
                        break;
                    case "--editor" when value is not null && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var edits):
                        options.Edits = edits;
                        i++;
                        break;
                    case "--editor-cold" when value is not null && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var cold):
                        options.ColdSamples = cold;
                        i++;
                        break;
                    case "--editor-only":
                        options.EditorOnly = true;
                        break;
                    case "--editor-draws":
                        options.EditorDraws = true;
                        break;
                    case "--editor-plain":
                        options.EditorPlain = true;
                        break;
                    case "--real-build":
                        options.RealBuild = true;
                        break;
                    case "--real-build-only":
                        options.RealBuild = true;
                        options.RealBuildOnly = true;
                        break;
                    case "--real-build-runs" when value is not null && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var runs) && runs > 0:
                        options.RealBuildRuns = runs;
                        i++;
                        break;
                    case "--real-build-files" when value is not null && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var buildFiles) && buildFiles >= 3:
                        options.RealBuildFiles = buildFiles;
                        i++;
                        break;
                    default:
                        error = $"unknown or incomplete option '{args[i]}'";
                        return false;
                }
            }

            if (options.EditorOnly && options.Edits == 0 && options.ColdSamples == 0)
            {
                error = "--editor-only with --editor 0 (and no --editor-cold) leaves nothing to run";
                return false;
            }

            if (options.EditorOnly && options.RealBuildOnly)
            {
                error = "--editor-only and --real-build-only exclude each other";
                return false;
            }

            return true;
        }
    }
}
