using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.FlowAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Seeding.Analyzers.Flow
{
    /// <summary>
    /// Forward data flow over one body's control-flow graph: seeds, reseeds and draws of
    /// TorchSharp's global generator in execution order, with calls into the project's own code,
    /// lambdas and local functions counted where they run.
    /// </summary>
    internal sealed class BodyWalker
    {
        private const int MaxPasses = 50;

        private readonly ExecutionOrder _order;
        private readonly FlowBody _body;
        private readonly AnalysisStack _stack;
        private readonly Dictionary<IOperation, DrawSite> _sites = new Dictionary<IOperation, DrawSite>();
        private readonly Dictionary<ILocalSymbol, IFlowAnonymousFunctionOperation?> _delegateLocals = new Dictionary<ILocalSymbol, IFlowAnonymousFunctionOperation?>(SymbolEqualityComparer.Default);
        private MethodFlow _flow = MethodFlow.Nothing;
        private bool _record;

        public BodyWalker(ExecutionOrder order, FlowBody body, AnalysisStack stack)
        {
            _order = order;
            _body = body;
            _stack = stack;
        }

        public MethodFlow Run(Entry entry)
        {
            _flow = new MethodFlow(entry);
            var state = FlowState.At(entry);

            // The prologue (initialisers, implicit base constructor) is recorded as it runs.
            _record = true;
            foreach (var part in _body.Prologue)
            {
                state = RunBody(part, null, state);
            }

            var graph = _body.Graph;
            if (graph is null)
            {
                SetExit(state);
                return _flow;
            }

            CollectDelegateLocals(graph);
            var blocks = graph.Blocks;
            var input = new FlowState[blocks.Length];
            var output = new FlowState[blocks.Length];
            input[0] = state;

            // Fixed point without recording, then one recording pass over the settled states.
            _record = false;
            for (var pass = 0; pass < MaxPasses; pass++)
            {
                var changed = false;
                foreach (var block in blocks)
                {
                    var inState = block.Ordinal == 0 ? input[0] : Incoming(block, output, graph);
                    if (!inState.Equals(input[block.Ordinal]))
                    {
                        input[block.Ordinal] = inState;
                        changed = true;
                    }

                    if (!inState.IsReached)
                    {
                        continue;
                    }

                    var outState = Process(block, inState, graph);
                    if (!outState.Equals(output[block.Ordinal]))
                    {
                        output[block.Ordinal] = outState;
                        changed = true;
                    }
                }

                if (!changed)
                {
                    break;
                }
            }

            _record = true;
            foreach (var block in blocks)
            {
                if (input[block.Ordinal].IsReached)
                {
                    Process(block, input[block.Ordinal], graph);
                }
            }

            SetExit(input[blocks.Length - 1]);
            return _flow;
        }

        private void SetExit(FlowState exit)
        {
            _flow.ExitMayBeUnseeded = exit.MayBeUnseeded;
            _flow.ExitMayBeSeeded = exit.MayBeSeeded;
        }

        /// <summary>
        /// The merge of every branch into a block. The first block of a catch or finally handler
        /// has no branch into it: it may run from anywhere in its try block, so it gets their merge.
        /// </summary>
        private static FlowState Incoming(BasicBlock block, FlowState[] output, ControlFlowGraph graph)
        {
            var state = default(FlowState);
            foreach (var branch in block.Predecessors)
            {
                state = state.Merge(output[branch.Source.Ordinal]);
            }

            var region = block.EnclosingRegion;
            if (region.FirstBlockOrdinal == block.Ordinal
                && region.Kind is ControlFlowRegionKind.Catch or ControlFlowRegionKind.Finally or ControlFlowRegionKind.FilterAndHandler or ControlFlowRegionKind.Filter
                && region.EnclosingRegion is { } handlerOwner)
            {
                foreach (var sibling in handlerOwner.NestedRegions)
                {
                    if (sibling.Kind != ControlFlowRegionKind.Try)
                    {
                        continue;
                    }

                    for (var ordinal = sibling.FirstBlockOrdinal; ordinal <= sibling.LastBlockOrdinal; ordinal++)
                    {
                        state = state.Merge(output[ordinal]);
                    }
                }
            }

            return state;
        }

        private FlowState Process(BasicBlock block, FlowState state, ControlFlowGraph graph)
        {
            foreach (var operation in block.Operations)
            {
                state = Visit(operation, state, graph);
            }

            if (block.BranchValue is { } branchValue)
            {
                state = Visit(branchValue, state, graph);
            }

            return state;
        }

        /// <summary>Children first (arguments are evaluated before the call), then the operation itself.</summary>
        private FlowState Visit(IOperation operation, FlowState state, ControlFlowGraph graph)
        {
            if (operation is IFlowAnonymousFunctionOperation)
            {
                return state; // a lambda runs where it is invoked, not where it is written
            }

            foreach (var child in operation.ChildOperations)
            {
                state = Visit(child, state, graph);
            }

            switch (operation)
            {
                case IInvocationOperation invocation:
                    return Invocation(invocation, state, graph);
                case IObjectCreationOperation creation:
                    return Creation(creation, state, graph);
                case IPropertyReferenceOperation property:
                    return Accessor(property, state);
                case IBinaryOperation { OperatorMethod: { } method }:
                    return Call(method, operation, state);
                case IUnaryOperation { OperatorMethod: { } method }:
                    return Call(method, operation, state);
                case ICompoundAssignmentOperation { OperatorMethod: { } method }:
                    return Call(method, operation, state);
                case IConversionOperation { OperatorMethod: { } method }:
                    return Call(method, operation, state);
                default:
                    return state;
            }
        }

        private FlowState Invocation(IInvocationOperation invocation, FlowState state, ControlFlowGraph graph)
        {
            var knowledge = _order.Knowledge;
            var target = invocation.TargetMethod;
            if (knowledge.IsTorchGlobalSeed(target))
            {
                return Seed(invocation, state);
            }

            if (knowledge.IsTorchGlobalReseed(target))
            {
                return state.AfterReseed();
            }

            if (knowledge.TorchGlobalDraw(invocation) is not null)
            {
                return Draw(invocation, state);
            }

            state = LambdaArguments(invocation, invocation.Arguments, state, graph);
            var callee = target.MethodKind switch
            {
                MethodKind.LocalFunction => LocalFunctionBody(target, graph),
                MethodKind.DelegateInvoke => DelegateBody(invocation.Instance, graph),
                _ => _order.BodyOf(target),
            };
            return callee is null ? state : RunBody(callee, invocation, state);
        }

        private FlowState Creation(IObjectCreationOperation creation, FlowState state, ControlFlowGraph graph)
        {
            if (_order.Knowledge.TorchGlobalDraw(creation) is not null)
            {
                return Draw(creation, state);
            }

            return creation.Constructor is { } constructor && _order.BodyOf(constructor) is { } body
                ? RunBody(body, creation, state)
                : state;
        }

        /// <summary>A property or indexer of the project's own: its getter runs, or its setter when assigned.</summary>
        private FlowState Accessor(IPropertyReferenceOperation reference, FlowState state)
        {
            var assigned = reference.Parent is IAssignmentOperation assignment && assignment.Target == reference;
            var accessor = assigned ? reference.Property.SetMethod : reference.Property.GetMethod;
            return accessor is null ? state : Call(accessor, reference, state);
        }

        /// <summary>A user-defined operator, conversion or accessor of the project's own runs where it is used.</summary>
        private FlowState Call(IMethodSymbol method, IOperation site, FlowState state)
            => _order.BodyOf(method) is { } body ? RunBody(body, site, state) : state;

        /// <summary>
        /// A lambda or method group handed to a method is taken to run during that call (LINQ,
        /// List.ForEach, Parallel.For). Not so for one handed to a constructor (Lazy, Thread,
        /// Task: they run it later) or converted to an expression tree (it is data).
        /// </summary>
        private FlowState LambdaArguments(IOperation call, IEnumerable<IArgumentOperation> arguments, FlowState state, ControlFlowGraph graph)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Type is INamedTypeSymbol { Name: "Expression", ContainingNamespace: { Name: "Expressions", ContainingNamespace.Name: "Linq" } })
                {
                    continue;
                }

                var value = argument.Value;
                while (value is IConversionOperation conversion)
                {
                    value = conversion.Operand;
                }

                if (value is IDelegateCreationOperation delegateCreation)
                {
                    value = delegateCreation.Target;
                }

                var body = value switch
                {
                    IFlowAnonymousFunctionOperation lambda => LambdaBody(lambda, graph),
                    IMethodReferenceOperation { Method: { } method } => method.MethodKind == MethodKind.LocalFunction
                        ? LocalFunctionBody(method, graph)
                        : _order.BodyOf(method),
                    _ => null,
                };

                if (body is not null)
                {
                    state = RunBody(body, call, state);
                }
            }

            return state;
        }

        private FlowState Seed(IOperation seed, FlowState state)
        {
            if (_record)
            {
                if (state.PendingDraw is { } draw)
                {
                    _flow.LateSeeds.Add(new LateSeed(seed.Syntax.GetLocation(), Text(seed), draw));
                }
                else if (state.MayBeUnseeded)
                {
                    _flow.SeedsBeforeDrawing = true;
                }
            }

            return state.AfterSeed();
        }

        private FlowState Draw(IOperation draw, FlowState state)
        {
            var site = SiteOf(draw);
            if (_record && state.MayBeUnseeded)
            {
                _flow.FirstUnseededDraw = DrawSite.Earliest(_flow.FirstUnseededDraw, site);
                _flow.UnseededDraws.Add(new UnseededDraw(site, state.MayBeSeeded, _body.Member));
            }

            return state.AfterDraw(site);
        }

        /// <summary>Runs another body where <paramref name="call"/> is (null for a constructor's prologue).</summary>
        private FlowState RunBody(FlowBody callee, IOperation? call, FlowState state)
        {
            if (!state.IsReached)
            {
                return state;
            }

            var entry = state.AsEntry;
            var flow = _order.Analyze(callee, entry, _stack);
            var site = call is null ? flow.FirstUnseededDraw : SiteOf(call);
            if (_record)
            {
                _flow.Callees.Add((callee, entry));
                if (flow.SeedsBeforeDrawing)
                {
                    if (state.PendingDraw is { } draw && call is not null)
                    {
                        _flow.LateSeeds.Add(new LateSeed(call.Syntax.GetLocation(), Text(call), draw));
                    }
                    else if (state.MayBeUnseeded && state.PendingDraw is null)
                    {
                        _flow.SeedsBeforeDrawing = true;
                    }
                }

                if (flow.FirstUnseededDraw is not null && state.MayBeUnseeded && site is not null)
                {
                    _flow.FirstUnseededDraw = DrawSite.Earliest(_flow.FirstUnseededDraw, site);
                }
            }

            return site is null ? flow.Apply(state, flow.FirstUnseededDraw!, out _) : flow.Apply(state, site, out _);
        }

        private FlowBody? LambdaBody(IFlowAnonymousFunctionOperation lambda, ControlFlowGraph graph)
            => new FlowBody(lambda.Symbol, _body.Member, () => graph.GetAnonymousFunctionControlFlowGraphInScope(lambda));

        private FlowBody? LocalFunctionBody(IMethodSymbol localFunction, ControlFlowGraph graph)
            => new FlowBody(localFunction.OriginalDefinition, _body.Member, () => graph.GetLocalFunctionControlFlowGraphInScope(localFunction.OriginalDefinition));

        /// <summary><c>f()</c> where the local <c>f</c> is assigned exactly one lambda in this body.</summary>
        private FlowBody? DelegateBody(IOperation? instance, ControlFlowGraph graph)
            => instance is ILocalReferenceOperation local
                && _delegateLocals.TryGetValue(local.Local, out var lambda)
                && lambda is not null
                ? LambdaBody(lambda, graph)
                : null;

        private void CollectDelegateLocals(ControlFlowGraph graph)
        {
            foreach (var block in graph.Blocks)
            {
                foreach (var operation in block.Operations)
                {
                    if (operation is not ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment)
                    {
                        continue;
                    }

                    var value = assignment.Value;
                    while (value is IConversionOperation or IDelegateCreationOperation)
                    {
                        value = value is IConversionOperation conversion ? conversion.Operand : ((IDelegateCreationOperation)value).Target;
                    }

                    // A second assignment makes the target unknown.
                    _delegateLocals[target.Local] = _delegateLocals.ContainsKey(target.Local) ? null : value as IFlowAnonymousFunctionOperation;
                }
            }
        }

        private DrawSite SiteOf(IOperation operation)
        {
            if (!_sites.TryGetValue(operation, out var site))
            {
                site = new DrawSite(operation.Syntax.GetLocation(), operation);
                _sites.Add(operation, site);
            }

            return site;
        }

        /// <summary>The code of an operation on one line, shortened for messages.</summary>
        internal static string Text(IOperation operation)
        {
            if (operation is IInvocationOperation { IsImplicit: true, TargetMethod.MethodKind: MethodKind.Constructor } baseCall)
            {
                return "the base constructor " + baseCall.TargetMethod.ContainingType.Name + "()";
            }

            return CodeText.OneLine(operation.Syntax, maxLength: 60);
        }
    }
}
