using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Seeding.Benchmarks
{
    /// <summary>
    /// The floor under any analyzer that looks at every body, as the flow engine must: it takes
    /// each operation block the driver hands over and visits every operation in it once, doing
    /// nothing else (no symbol lookups, no allocation beyond its stack). What it costs by
    /// telemetry is what a whole-program analysis pays before it learns anything; set against
    /// CA5394, it says how close to CA5394 such an analysis can come. Reports nothing.
    /// </summary>
#pragma warning disable RS1036, RS1041, RS2008 // a measuring tool in the benchmark, never shipped or loaded by a compiler
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    internal sealed class WalkFloorAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Never = new DiagnosticDescriptor(
            "FLOOR01", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        private long _operations;

        /// <summary>Operations visited since the analyzer was made (read after a run, to show the walk happened).</summary>
        public long Operations => Interlocked.Read(ref _operations);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
            context.RegisterOperationBlockAction(block =>
            {
                var count = 0L;
                var pending = new Stack<IOperation>();
                foreach (var root in block.OperationBlocks)
                {
                    pending.Push(root);
                }

                while (pending.Count > 0)
                {
                    var operation = pending.Pop();
                    count++;
                    foreach (var child in operation.ChildOperations)
                    {
                        pending.Push(child);
                    }
                }

                Interlocked.Add(ref _operations, count);
            });
        }
    }
#pragma warning restore RS1036, RS1041, RS2008
}
