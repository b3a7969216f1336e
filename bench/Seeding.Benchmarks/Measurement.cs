using System;
using System.Collections.Generic;

namespace Seeding.Benchmarks
{
    /// <summary>The medians of every figure measured for one generated compilation.</summary>
    internal sealed class Measurement
    {
        public Measurement(Mix mix, int files, int lines)
        {
            Mix = mix;
            Files = files;
            Lines = lines;
        }

        public Mix Mix { get; }

        public int Files { get; }

        public int Lines { get; }

        /// <summary>Binding and compiler diagnostics of a fresh compilation, wall clock, one thread.</summary>
        public double CompileMs { get; set; }

        public double CompileAllocatedMB { get; set; }

        /// <summary>Execution time of the whole SEED set run together.</summary>
        public double SeedSetMs { get; set; }

        /// <summary>Execution time of CA5394's analyzer run alone.</summary>
        public double ReferenceMs { get; set; }

        /// <summary>Wall-clock time of the SEED set's whole analysis run (binding for the driver included).</summary>
        public double SeedSetRunMs { get; set; }

        /// <summary>Wall-clock time of CA5394's whole analysis run.</summary>
        public double ReferenceRunMs { get; set; }

        /// <summary>
        /// How much longer the SEED set's analysis run took than CA5394's: what the SEED rules
        /// really add, whoever the telemetry charges for binding method bodies.
        /// </summary>
        public double AddedRunMs => SeedSetRunMs - ReferenceRunMs;

        /// <summary>Allocated by the SEED set's analysis run beyond what compile-only allocates.</summary>
        public double SeedSetExtraMB { get; set; }

        /// <summary>Allocated by CA5394's analysis run beyond what compile-only allocates.</summary>
        public double ReferenceExtraMB { get; set; }

        /// <summary>Execution time of <see cref="WalkFloorAnalyzer"/> alone (null when not measured).</summary>
        public double? FloorMs { get; set; }

        /// <summary>Time inside the SEED set's callbacks less the collector's pauses there, from a metered run (null without <c>--cpu</c>).</summary>
        public double? SeedSetCpuMs { get; set; }

        /// <summary>Time inside CA5394's callbacks less the collector's pauses there, from a metered run (null without <c>--cpu</c>).</summary>
        public double? ReferenceCpuMs { get; set; }

        /// <summary>Execution time of the yardstick (CA2000's analyzer) run alone (null without <c>--yardstick</c>).</summary>
        public double? YardstickMs { get; set; }

        /// <summary>Wall-clock time of the yardstick's whole analysis run (null without <c>--yardstick</c>).</summary>
        public double? YardstickRunMs { get; set; }

        /// <summary>Operations the walk floor visited in one run.</summary>
        public long FloorOperations { get; set; }

        /// <summary>Execution time of <see cref="EdgeFloorAnalyzer"/> alone (null when not measured).</summary>
        public double? EdgeFloorMs { get; set; }

        /// <summary>Calls of the project's own members the edge floor found in one run.</summary>
        public long EdgeFloorEdges { get; set; }

        /// <summary>Each SEED analyzer run on its own (empty when not measured).</summary>
        public Dictionary<string, double> AloneMs { get; } = new Dictionary<string, double>(StringComparer.Ordinal);

        /// <summary>Allocated by each SEED analyzer's own analysis run (the driver's binding included when it registers operation callbacks).</summary>
        public Dictionary<string, double> AloneAllocatedMB { get; } = new Dictionary<string, double>(StringComparer.Ordinal);

        /// <summary>Each SEED analyzer's share of the set run (shared per-compilation caches go to whichever asks first).</summary>
        public Dictionary<string, double> InSetMs { get; } = new Dictionary<string, double>(StringComparer.Ordinal);

        /// <summary>The SEED set's solver work (worklist runs of a body, flow nodes entered), from the last iteration: counted, the same every run.</summary>
        public (int BodyRuns, long Steps)? SolverWork { get; set; }

        /// <summary>The work of the solvers over single trees (SEED002's early answers), from the last iteration.</summary>
        public (int BodyRuns, long Steps) PartWork { get; set; }

        /// <summary>Diagnostics reported by the set run and by CA5394, by id (from the last iteration).</summary>
        public SortedDictionary<string, int> Diagnostics { get; } = new SortedDictionary<string, int>(StringComparer.Ordinal);

        /// <summary>Diagnostics reported by the yardstick's run, by id (from the last iteration; empty without <c>--yardstick</c>).</summary>
        public SortedDictionary<string, int> YardstickDiagnostics { get; } = new SortedDictionary<string, int>(StringComparer.Ordinal);

        public double SeedSetOverReference => SeedSetMs / ReferenceMs;

        public double SeedSetOverCompile => SeedSetMs / CompileMs;

        public double SeedSetMicrosecondsPerFile => SeedSetMs * 1000.0 / Files;

        public double ReferenceMicrosecondsPerFile => ReferenceMs * 1000.0 / Files;

        public double CompileMicrosecondsPerFile => CompileMs * 1000.0 / Files;

        /// <summary>The nearest-rank percentile: the smallest value with at least <paramref name="fraction"/> of the values at or below it.</summary>
        public static double Percentile(List<double> values, double fraction)
        {
            if (values.Count == 0)
            {
                return double.NaN;
            }

            var sorted = new List<double>(values);
            sorted.Sort();
            var rank = (int)Math.Ceiling(fraction * sorted.Count);
            return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
        }

        public static double Median(List<double> values)
        {
            if (values.Count == 0)
            {
                return double.NaN;
            }

            var sorted = new List<double>(values);
            sorted.Sort();
            var middle = sorted.Count / 2;
            return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        }
    }
}
