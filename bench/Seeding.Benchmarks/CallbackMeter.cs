using System;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Seeding.Benchmarks
{
    /// <summary>
    /// The time inside an analyzer's callbacks less the collector's pauses that fell inside them
    /// (<c>--cpu</c>). Roslyn's telemetry is wall time: when the collector stops every thread
    /// while a callback runs, the pause is charged to that callback, and on two cores under the
    /// compiler's collector that moves the SEED set's figure by a third between runs of the same
    /// build. This meter reads the wall clock and the runtime's total pause time
    /// (<see cref="GC.GetTotalPauseDuration"/>) around each callback and keeps the difference.
    /// It still counts what the callback asks of the compiler (lazy binding, symbols), as
    /// telemetry does, and time the thread waits for a core. Both readings are cheap (no system
    /// call), so the meter adds little to what it measures.
    /// </summary>
    internal sealed class CallbackMeter
    {
        private long _ticks;
        private long _pauseTicks;
        private long _callbacks;

        /// <summary>Time inside callbacks, pauses included (what telemetry would say, give or take its own overhead).</summary>
        public TimeSpan Wall => TimeSpan.FromSeconds((double)Interlocked.Read(ref _ticks) / Stopwatch.Frequency);

        /// <summary>The collector's pauses that fell inside callbacks.</summary>
        public TimeSpan Pauses => TimeSpan.FromTicks(Interlocked.Read(ref _pauseTicks));

        /// <summary>Time inside callbacks less the collector's pauses there.</summary>
        public TimeSpan Corrected => Wall - Pauses;

        public long Callbacks => Interlocked.Read(ref _callbacks);

        public void Measure<T>(Action<T> action, T context)
        {
            var pausedBefore = GC.GetTotalPauseDuration();
            var start = Stopwatch.GetTimestamp();
            try
            {
                action(context);
            }
            finally
            {
                Interlocked.Add(ref _ticks, Stopwatch.GetTimestamp() - start);
                Interlocked.Add(ref _pauseTicks, (GC.GetTotalPauseDuration() - pausedBefore).Ticks);
                Interlocked.Increment(ref _callbacks);
            }
        }
    }

    /// <summary>An analyzer whose every callback is timed by a <see cref="CallbackMeter"/>; it registers exactly what the analyzer registers.</summary>
#pragma warning disable RS1036, RS1041 // a measuring tool in the benchmark, never shipped or loaded by a compiler
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    internal sealed class MeteredAnalyzer : DiagnosticAnalyzer
    {
        public MeteredAnalyzer(DiagnosticAnalyzer inner, CallbackMeter meter)
        {
            Inner = inner;
            Meter = meter;
        }

        public DiagnosticAnalyzer Inner { get; }

        public CallbackMeter Meter { get; }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Inner.SupportedDiagnostics;

#pragma warning disable RS1025, RS1026 // the inner analyzer configures itself through the wrapper
        public override void Initialize(AnalysisContext context) => Inner.Initialize(new Context(context, Meter));
#pragma warning restore RS1025, RS1026

        private sealed class Context : AnalysisContext
        {
            private readonly AnalysisContext _context;
            private readonly CallbackMeter _meter;

            public Context(AnalysisContext context, CallbackMeter meter)
            {
                _context = context;
                _meter = meter;
            }

            public override void EnableConcurrentExecution() => _context.EnableConcurrentExecution();

            public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => _context.ConfigureGeneratedCodeAnalysis(analysisMode);

            public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action)
                => _context.RegisterCompilationStartAction(start => _meter.Measure(c => action(new StartContext(c, _meter)), start));

            public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action)
                => _context.RegisterCompilationAction(c => _meter.Measure(action, c));

            public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action)
                => _context.RegisterSemanticModelAction(c => _meter.Measure(action, c));

            public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action)
                => _context.RegisterSyntaxTreeAction(c => _meter.Measure(action, c));

            public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds)
                => _context.RegisterSymbolAction(c => _meter.Measure(action, c), symbolKinds);

            public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action)
                => throw Unsupported();

            public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action)
                => _context.RegisterCodeBlockAction(c => _meter.Measure(action, c));

            public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
                => _context.RegisterSyntaxNodeAction(c => _meter.Measure(action, c), syntaxKinds);

            public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
                => _context.RegisterOperationAction(c => _meter.Measure(action, c), operationKinds);

            public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action)
                => throw Unsupported();

            public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action)
                => _context.RegisterOperationBlockAction(c => _meter.Measure(action, c));
        }

        private sealed class StartContext : CompilationStartAnalysisContext
        {
            private readonly CompilationStartAnalysisContext _context;
            private readonly CallbackMeter _meter;

#pragma warning disable RS1012 // every registration is forwarded to the driver's context
            public StartContext(CompilationStartAnalysisContext context, CallbackMeter meter)
                : base(context.Compilation, context.Options, context.CancellationToken)
            {
                _context = context;
                _meter = meter;
            }
#pragma warning restore RS1012

            public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action)
                => _context.RegisterCompilationEndAction(c => _meter.Measure(action, c));

            public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action)
                => _context.RegisterSemanticModelAction(c => _meter.Measure(action, c));

            public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action)
                => _context.RegisterSyntaxTreeAction(c => _meter.Measure(action, c));

            public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds)
                => _context.RegisterSymbolAction(c => _meter.Measure(action, c), symbolKinds);

            public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action)
                => throw Unsupported();

            public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action)
                => _context.RegisterCodeBlockAction(c => _meter.Measure(action, c));

            public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds)
                => _context.RegisterSyntaxNodeAction(c => _meter.Measure(action, c), syntaxKinds);

            public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds)
                => _context.RegisterOperationAction(c => _meter.Measure(action, c), operationKinds);

            public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action)
                => throw Unsupported();

            public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action)
                => _context.RegisterOperationBlockAction(c => _meter.Measure(action, c));
        }

        private static NotSupportedException Unsupported()
            => new NotSupportedException("--cpu does not meter block-start actions yet: add them to MeteredAnalyzer before measuring this analyzer.");
    }
#pragma warning restore RS1036, RS1041
}
