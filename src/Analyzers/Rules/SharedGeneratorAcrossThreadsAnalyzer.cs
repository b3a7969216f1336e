using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.Flow;
using Seeding.Analyzers.Knowledge;

namespace Seeding.Analyzers.Rules
{
    /// <summary>
    /// SEED008: a draw, inside code that runs concurrently (the delegates given to
    /// <c>Parallel.*</c>, <c>Task.Run</c>, <c>Task.Factory.StartNew</c>, <c>new Thread</c>,
    /// <c>ThreadPool.QueueUserWorkItem</c>, PLINQ operators), from a generator the work items
    /// share: a System.Random that exists before the work starts, a per-thread Random created with
    /// one fixed seed, or TorchSharp's global generator. Draws through the project's own methods
    /// count: for TorchSharp through the Flow engine (any depth), for System.Random one call deep
    /// (see <see cref="ParallelBodyScan"/>). Reported at the draw, or at the call that leads to it.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SharedGeneratorAcrossThreadsAnalyzer : DiagnosticAnalyzer
    {
        private static readonly ImmutableArray<DiagnosticDescriptor> Supported = ImmutableArray.Create(Descriptors.SharedGeneratorAcrossThreads);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Supported;

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();

            // Generated code is summarised for the Flow engine (the program runs it) but never reported on.
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
            context.RegisterCompilationStartAction(OnCompilationStart);
        }

        private static void OnCompilationStart(CompilationStartAnalysisContext start)
        {
            var roles = SymbolRoles.For(start.Compilation);
            if (roles.Parallel is not { } parallel || roles.Random is not { } random)
            {
                return; // no parallel API, or no System.Random (and so no .NET to run TorchSharp on)
            }

            var knowledge = roles.Randomness;
            var program = knowledge.HasTorchSharp ? FlowProgram.For(start.Compilation) : null;
            var rule = new Rule(roles, parallel, random, knowledge, program);
            start.RegisterOperationAction(rule.AnalyzeInvocation, OperationKind.Invocation);
            start.RegisterOperationAction(rule.AnalyzeCreation, OperationKind.ObjectCreation);
            if (program is null)
            {
                return;
            }

            // Draws from TorchSharp's generator through the project's own code need every body summarised.
            start.RegisterOperationBlockAction(context => program.SummarizeBlock(context.OwningSymbol, context.OperationBlocks, context.CancellationToken));
            start.RegisterSemanticModelAction(context => program.Summarize(context.SemanticModel, context.IsGeneratedCode, context.CancellationToken));
            start.RegisterCompilationEndAction(rule.ReportWaiting);
        }

        /// <summary>The rule for one compilation: the symbols it resolved, and the calls waiting for the whole program.</summary>
        internal sealed class Rule
        {
            private readonly SymbolRoles _roles;
            private readonly ParallelSymbols _parallel;
            private readonly SystemRandomSymbols _random;
            private readonly RandomnessKnowledge _knowledge;
            private readonly FlowProgram? _program;
            private readonly ConcurrentQueue<TorchCall> _waiting = new ConcurrentQueue<TorchCall>();

            public Rule(SymbolRoles roles, ParallelSymbols parallel, SystemRandomSymbols random, RandomnessKnowledge knowledge, FlowProgram? program)
            {
                _roles = roles;
                _parallel = parallel;
                _random = random;
                _knowledge = knowledge;
                _program = program;
            }

            public void AnalyzeInvocation(OperationAnalysisContext context)
            {
                var invocation = (IInvocationOperation)context.Operation;
                if ((_roles.Of(invocation.TargetMethod) & MemberRoles.ParallelConstruct) != 0
                    && _parallel.ConstructName(invocation.TargetMethod) is { } construct
                    && !context.IsGeneratedCode)
                {
                    Analyze(context, invocation, invocation.Arguments, construct);
                }
            }

            public void AnalyzeCreation(OperationAnalysisContext context)
            {
                var creation = (IObjectCreationOperation)context.Operation;
                if ((_roles.Of(creation.Constructor) & MemberRoles.ParallelConstruct) != 0
                    && _parallel.ConstructName(creation.Constructor!) is { } construct
                    && !context.IsGeneratedCode)
                {
                    Analyze(context, creation, creation.Arguments, construct);
                }
            }

            /// <summary>Each delegate the construct runs concurrently: a lambda is scanned, a method group is a call of its own.</summary>
            private void Analyze(OperationAnalysisContext context, IOperation call, ImmutableArray<IArgumentOperation> arguments, string construct)
            {
                foreach (var argument in arguments)
                {
                    foreach (var body in ParallelBodyScan.Delegates(argument))
                    {
                        var scan = new ParallelBodyScan(this, context, call, construct, body);
                        scan.Run();
                    }
                }
            }

            public ParallelSymbols Parallel => _parallel;

            public SystemRandomSymbols Random => _random;

            public RandomnessKnowledge Knowledge => _knowledge;

            public FlowProgram? Program => _program;

            /// <summary>
            /// A call of the project's own code in a parallel body: reported now when it draws from
            /// TorchSharp's generator and the whole program is summarised, else kept for the end of
            /// the compilation (a cold build), when it is.
            /// </summary>
            public void CheckTorchCall(TorchCall call, System.Action<Diagnostic> report)
            {
                if (_program is null)
                {
                    return;
                }

                if (!_program.IsComplete)
                {
                    _waiting.Enqueue(call);
                    return;
                }

                Report(_program, call, report);
            }

            public void ReportWaiting(CompilationAnalysisContext context)
            {
                if (_program is null || _waiting.IsEmpty || !_program.IsComplete)
                {
                    return; // not every tree was handed over (analysis of one document): nothing exact to say
                }

                while (_waiting.TryDequeue(out var call))
                {
                    Report(_program, call, context.ReportDiagnostic);
                }
            }

            private static void Report(FlowProgram program, TorchCall call, System.Action<Diagnostic> report)
            {
                if (FirstTorchDraw(program, call) is not { } draw)
                {
                    return;
                }

                report(Diagnostic.Create(
                    Descriptors.SharedGeneratorAcrossThreads,
                    call.Location,
                    Quote(call.Text),
                    TorchGenerator + " (through " + Quote(draw.Text) + ", line " + draw.Line.ToString(CultureInfo.InvariantCulture) + ")",
                    call.Construct,
                    TorchAdvice));
            }

            /// <summary>The first draw from TorchSharp's global generator that one of the call's bodies may make before any seed it runs itself.</summary>
            private static Site? FirstTorchDraw(FlowProgram program, TorchCall call)
            {
                lock (program.SolverGate)
                {
                    var solver = program.Solver;
                    var roots = new List<(Callable, Entry)>();
                    foreach (var target in call.Targets)
                    {
                        foreach (var body in solver.Candidates(target, call.Dispatch))
                        {
                            var callable = solver.CallableOf(body);
                            if (solver.EffectOf(callable, Entry.Unseeded, Generator.TorchCpu).DrawsWhileUnseeded)
                            {
                                roots.Add((callable, Entry.Unseeded));
                            }
                        }
                    }

                    // The draw itself, not the call that leads to it: the nearest body that draws while unseeded.
                    foreach (var (_, _, facts) in solver.Reachable(
                        roots,
                        Generator.TorchCpu,
                        (run, entry) => entry != Entry.Seeded && solver.EffectOf(run, Entry.Unseeded, Generator.TorchCpu).DrawsWhileUnseeded))
                    {
                        Site? first = null;
                        foreach (var draw in facts.UnseededDraws)
                        {
                            first = first is null || Site.Compare(draw.Site, first) < 0 ? draw.Site : first;
                        }

                        if (first is not null)
                        {
                            return first;
                        }
                    }
                }

                return null;
            }
        }

        internal const string TorchGenerator = "TorchSharp's global generator";

        internal const string TorchAdvice = "the order of draws across threads is up to the scheduler; "
            + "give each work item its own torch.Generator seeded from the seed and its index, and pass it as generator: where the call accepts one";

        internal static string Quote(string text) => "'" + CodeText.OneLine(text, maxLength: 60) + "'";

        /// <summary>A call of the project's own code from a parallel body, to be asked whether it draws from TorchSharp's generator.</summary>
        internal sealed class TorchCall
        {
            public TorchCall(Location location, string text, ImmutableArray<string> targets, bool dispatch, string construct)
            {
                Location = location;
                Text = text;
                Targets = targets;
                Dispatch = dispatch;
                Construct = construct;
            }

            public Location Location { get; }

            public string Text { get; }

            public ImmutableArray<string> Targets { get; }

            public bool Dispatch { get; }

            public string Construct { get; }
        }
    }
}
