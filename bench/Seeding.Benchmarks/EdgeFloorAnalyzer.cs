using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace Seeding.Benchmarks
{
    /// <summary>
    /// The floor under any analysis of call order across a program: it takes each operation block
    /// the driver hands over, visits every operation once, and for each call, object creation,
    /// property reference and method group asks whether the member is the project's own (one
    /// comparison of its assembly, no table) and keeps those a body calls, in an array per body.
    /// That is less than a whole-program order analysis must learn (which bodies call which, and
    /// not even which library members seed or draw): no order, no control structure, no keys, no
    /// solving. Set against CA5394 it says how close to CA5394 such an analysis can come. Reports
    /// nothing.
    /// </summary>
#pragma warning disable RS1036, RS1041, RS2008 // a measuring tool in the benchmark, never shipped or loaded by a compiler
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    internal sealed class EdgeFloorAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Never = new DiagnosticDescriptor(
            "FLOOR02", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        private long _edges;

        /// <summary>Calls of the project's own members found since the analyzer was made (read after a run, to show the work happened).</summary>
        public long Edges => Interlocked.Read(ref _edges);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Never);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
            context.RegisterCompilationStartAction(start =>
            {
                var source = start.Compilation.Assembly;
                var bodies = new ConcurrentBag<ISymbol[]>();
                start.RegisterOperationBlockAction(block =>
                {
                    List<ISymbol>? callees = null;
                    var pending = new Stack<IOperation>();
                    foreach (var root in block.OperationBlocks)
                    {
                        pending.Push(root);
                    }

                    while (pending.Count > 0)
                    {
                        var operation = pending.Pop();
                        ISymbol? member = operation.Kind switch
                        {
                            OperationKind.Invocation => ((IInvocationOperation)operation).TargetMethod,
                            OperationKind.ObjectCreation => ((IObjectCreationOperation)operation).Constructor,
                            OperationKind.PropertyReference => ((IPropertyReferenceOperation)operation).Property,
                            OperationKind.MethodReference => ((IMethodReferenceOperation)operation).Method,
                            _ => null,
                        };
                        if (member is not null && ReferenceEquals(member.ContainingAssembly, source))
                        {
                            (callees ??= new List<ISymbol>()).Add(member.OriginalDefinition);
                        }

                        foreach (var child in operation.ChildOperations)
                        {
                            pending.Push(child);
                        }
                    }

                    if (callees is not null)
                    {
                        bodies.Add(callees.ToArray());
                        Interlocked.Add(ref _edges, callees.Count);
                    }
                });
            });
        }
    }
#pragma warning restore RS1036, RS1041, RS2008
}
