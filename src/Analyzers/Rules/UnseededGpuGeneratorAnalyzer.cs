using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using Seeding.Analyzers.Knowledge;
using Seeding.Analyzers.Options;

namespace Seeding.Analyzers.Rules
{
    /// <summary>
    /// SEED007: the program puts work on CUDA but never calls <c>torch.cuda.manual_seed_all</c>
    /// (or <c>torch.cuda.manual_seed</c>); TorchSharp's <c>torch.manual_seed</c> seeds only the
    /// CPU generator. A CUDA seed anywhere in the compilation clears it, so uses and seeds are
    /// collected during analysis and the first use (by file path, then position) is reported
    /// at compilation end. The diagnostic's additional location, when present, is the CPU seed
    /// call the fix puts the CUDA seed after: one in the entry point if there is one, else the first.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnseededGpuGeneratorAnalyzer : DiagnosticAnalyzer
    {
        private static readonly ImmutableArray<DiagnosticDescriptor> Supported =
            ImmutableArray.Create(Descriptors.UnseededGpuGenerator);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Supported;

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(OnCompilationStart);
        }

        private static void OnCompilationStart(CompilationStartAnalysisContext context)
        {
            var signals = CudaSignals.TryCreate(context.Compilation);
            if (signals is null)
            {
                return;
            }

            var program = new ProgramState();
            context.RegisterOperationAction(c => AnalyzeInvocation(c, signals, program), OperationKind.Invocation);
            context.RegisterOperationAction(c => AnalyzeUse(c, signals, program), OperationKind.ObjectCreation, OperationKind.PropertyReference, OperationKind.FieldReference);
            context.RegisterOperationAction(c => AnalyzeConversion(c, signals, program), OperationKind.Conversion);
            context.RegisterCompilationEndAction(c => Report(c, program));
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, CudaSignals signals, ProgramState program)
        {
            if (program.IsCudaSeeded)
            {
                return;
            }

            var invocation = (IInvocationOperation)context.Operation;
            if (signals.IsCudaSeed(invocation.TargetMethod))
            {
                program.MarkCudaSeeded();
            }
            else if (signals.IsCpuGlobalSeed(invocation.TargetMethod))
            {
                program.AddCpuSeed(invocation.Syntax.GetLocation());
            }
            else if (signals.IsCudaUse(invocation))
            {
                program.AddUse(UseAt(invocation));
            }
        }

        private static void AnalyzeUse(OperationAnalysisContext context, CudaSignals signals, ProgramState program)
        {
            if (!program.IsCudaSeeded && signals.IsCudaUse(context.Operation))
            {
                program.AddUse(UseAt(context.Operation));
            }
        }

        private static void AnalyzeConversion(OperationAnalysisContext context, CudaSignals signals, ProgramState program)
        {
            var conversion = (IConversionOperation)context.Operation;
            if (conversion.OperatorMethod is not null && !program.IsCudaSeeded && signals.IsCudaUse(conversion))
            {
                program.AddUse(UseAt(conversion.Operand));
            }
        }

        /// <summary>
        /// Where a use is shown: a call on an object (<c>x.cuda()</c>, <c>x.to("cuda")</c>, also
        /// extension calls) from the member name on, so that a long receiver chain neither fills
        /// the message nor hides the call; static calls and everything else whole.
        /// </summary>
        private static CudaUse UseAt(IOperation operation)
        {
            var syntax = operation.Syntax;
            if (operation is IInvocationOperation { TargetMethod: { } method }
                && (!method.IsStatic || method.IsExtensionMethod)
                && syntax is InvocationExpressionSyntax invocation)
            {
                var name = invocation.Expression switch
                {
                    MemberAccessExpressionSyntax access => access.Name,
                    MemberBindingExpressionSyntax binding => binding.Name,
                    _ => null,
                };
                if (name is not null)
                {
                    var span = TextSpan.FromBounds(name.SpanStart, invocation.Span.End);
                    return new CudaUse(Location.Create(invocation.SyntaxTree, span), name.ToString() + invocation.ArgumentList.ToString());
                }
            }

            return new CudaUse(syntax.GetLocation(), syntax.ToString());
        }

        private static void Report(CompilationAnalysisContext context, ProgramState program)
        {
            if (program.IsCudaSeeded || program.FirstUse is not { } use)
            {
                return;
            }

            var entryPoint = EntryPointSyntax(context.Compilation, context.CancellationToken);
            var anchor = ChooseCpuSeed(program.CpuSeeds, entryPoint);

            // The fix writes the default seed at the entry point, so that file's options decide it.
            var seedTree = entryPoint?.SyntaxTree ?? use.Location.SourceTree!;
            var seed = SeedingOptions.GetDefaultSeed(context.Options, seedTree);
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticProperties.DefaultSeed, seed.ToString(CultureInfo.InvariantCulture));

            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.UnseededGpuGenerator,
                use.Location,
                anchor is null ? null : new[] { anchor },
                properties,
                "'" + use.Text + "'"));
        }

        private static SyntaxReference? EntryPointSyntax(Compilation compilation, CancellationToken cancellationToken)
        {
            var main = compilation.GetEntryPoint(cancellationToken);
            return main is { DeclaringSyntaxReferences.Length: > 0 } ? main.DeclaringSyntaxReferences[0] : null;
        }

        /// <summary>The CPU seed inside the entry point that comes first; without one, the first anywhere.</summary>
        private static Location? ChooseCpuSeed(List<Location> seeds, SyntaxReference? entryPoint)
        {
            Location? inEntryPoint = null;
            Location? anywhere = null;
            foreach (var seed in seeds)
            {
                if (entryPoint is not null
                    && seed.SourceTree == entryPoint.SyntaxTree
                    && entryPoint.Span.Contains(seed.SourceSpan)
                    && (inEntryPoint is null || ProgramState.Compare(seed, inEntryPoint) < 0))
                {
                    inEntryPoint = seed;
                }

                if (anywhere is null || ProgramState.Compare(seed, anywhere) < 0)
                {
                    anywhere = seed;
                }
            }

            return inEntryPoint ?? anywhere;
        }

        /// <summary>One use of CUDA: where it is and how the message names it.</summary>
        private sealed class CudaUse
        {
            public CudaUse(Location location, string text)
            {
                Location = location;
                Text = text;
            }

            public Location Location { get; }

            public string Text { get; }
        }

        /// <summary>What the whole compilation has shown so far; callbacks run concurrently.</summary>
        private sealed class ProgramState
        {
            private readonly object _gate = new object();
            private readonly List<Location> _cpuSeeds = new List<Location>();
            private CudaUse? _firstUse;
            private volatile bool _cudaSeeded;

            public bool IsCudaSeeded => _cudaSeeded;

            /// <summary>The first use so far by file path, then position (the order callbacks ran in does not matter).</summary>
            public CudaUse? FirstUse
            {
                get
                {
                    lock (_gate)
                    {
                        return _firstUse;
                    }
                }
            }

            /// <summary>A copy of the CPU seed calls seen.</summary>
            public List<Location> CpuSeeds
            {
                get
                {
                    lock (_gate)
                    {
                        return new List<Location>(_cpuSeeds);
                    }
                }
            }

            public void MarkCudaSeeded() => _cudaSeeded = true;

            public void AddCpuSeed(Location location)
            {
                lock (_gate)
                {
                    _cpuSeeds.Add(location);
                }
            }

            public void AddUse(CudaUse use)
            {
                lock (_gate)
                {
                    if (_firstUse is null || IsBefore(use, _firstUse))
                    {
                        _firstUse = use;
                    }
                }
            }

            public static int Compare(Location left, Location right)
            {
                var byPath = string.CompareOrdinal(left.SourceTree?.FilePath, right.SourceTree?.FilePath);
                if (byPath != 0)
                {
                    return byPath;
                }

                var byStart = left.SourceSpan.Start.CompareTo(right.SourceSpan.Start);
                return byStart != 0 ? byStart : right.SourceSpan.Length.CompareTo(left.SourceSpan.Length); // outer first
            }

            /// <summary>Earlier, or at the same place but outer; the text breaks any remaining tie.</summary>
            private static bool IsBefore(CudaUse use, CudaUse other)
            {
                var order = Compare(use.Location, other.Location);
                return order < 0 || (order == 0 && string.CompareOrdinal(use.Text, other.Text) < 0);
            }
        }
    }
}
