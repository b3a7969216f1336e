using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.Knowledge;

namespace Seeding.Analyzers.Flow
{
    /// <summary>
    /// Builds the summaries of every body of one syntax tree from the semantic model the analyzer
    /// driver hands over (its operations are bound once and shared with every other analyzer).
    /// This is the one model of "what runs": arguments before the call, the callee's code where
    /// it is called, a lambda where it is invoked or handed to a method (not when handed to a
    /// constructor, which keeps it for later, nor when it becomes an expression tree), a local
    /// function where it is called, an iterator not at all when called, a constructor as its
    /// initialisers, then the base constructor, then its body.
    /// </summary>
    internal sealed class Summarizer
    {
        private readonly RandomnessKnowledge _knowledge;
        private readonly CudaSignals? _cuda;
        private readonly SymbolKeys _keys;
        private readonly SemanticModel _model;
        private readonly CancellationToken _cancellationToken;
        private Func<SyntaxNode, BodySummary?>? _known;
        private int _built;

        private Summarizer(CudaSignals? cuda, SymbolKeys keys, SemanticModel model, CancellationToken cancellationToken)
        {
            _knowledge = keys.Knowledge;
            _cuda = cuda;
            _keys = keys;
            _model = model;
            _cancellationToken = cancellationToken;
        }

        /// <summary>
        /// The operation a body is summarised from, given one of the blocks the analyzer driver
        /// hands over: the root of the block's operation tree. For a method, accessor or
        /// constructor the driver hands over its block body or arrow (and its parameters'
        /// defaults) while the body is the whole declaration (a constructor's <c>base(...)</c>
        /// call included), the same operation <see cref="SummarizeTree"/> gets for the
        /// declaration; so a body built from a block is found under the same declaration there,
        /// and is not built again.
        /// </summary>
        public static IOperation BodyRoot(IOperation block)
        {
            var root = block;
            while (root.Parent is { } parent)
            {
                root = parent;
            }

            return root;
        }

        /// <summary>
        /// One body, from the root (<see cref="BodyRoot"/>) of an operation block the analyzer
        /// driver hands over (bound once, shared with every analyzer); null for blocks that are
        /// not a body (parameter defaults, attributes, constants).
        /// </summary>
        public static BodySummary? SummarizeBlock(CudaSignals? cuda, SymbolKeys keys, ISymbol owner, IOperation root, CancellationToken cancellationToken)
        {
            if (root.SemanticModel is not { } model)
            {
                return null;
            }

            // The kinds SummarizeTree gives the same declarations.
            var kind = (owner, root) switch
            {
                // A primary constructor's root is its type's declaration, which the tree path
                // does not summarise as a body (its parameters, initialisers and base call run
                // as the type's initialisers): not built here either.
                (IMethodSymbol { MethodKind: MethodKind.Constructor }, IConstructorBodyOperation { Syntax: ConstructorDeclarationSyntax }) => BodyKind.Constructor,
                (IMethodSymbol { MethodKind: MethodKind.StaticConstructor }, IConstructorBodyOperation { Syntax: ConstructorDeclarationSyntax }) => BodyKind.StaticConstructor,
                (IMethodSymbol { MethodKind: not (MethodKind.Constructor or MethodKind.StaticConstructor) }, IMethodBodyOperation or IBlockOperation) => BodyKind.Method,
                (IFieldSymbol { IsConst: false } field, IFieldInitializerOperation) => field.IsStatic ? BodyKind.StaticInitializer : BodyKind.Initializer,
                (IPropertySymbol property, IPropertyInitializerOperation) => property.IsStatic ? BodyKind.StaticInitializer : BodyKind.Initializer,
                _ => (BodyKind?)null,
            };
            if (kind is null)
            {
                return null;
            }

            var bodies = ImmutableArray.CreateBuilder<BodySummary>(1);
            new Summarizer(cuda, keys, model, cancellationToken).AddBody(owner, kind.Value, root.Syntax, root, bodies);
            return bodies.Count == 1 ? bodies[0] : null;
        }

        /// <summary>Every body declared in the model's tree; those <paramref name="known"/> has (from operation blocks) are not built again.</summary>
        public static ImmutableArray<BodySummary> SummarizeTree(
            CudaSignals? cuda, SymbolKeys keys, SemanticModel model, Func<SyntaxNode, BodySummary?> known, CancellationToken cancellationToken)
            => SummarizeTree(cuda, keys, model, known, out _, cancellationToken);

        /// <summary>As above; <paramref name="built"/> is how many bodies were built here (not found in <paramref name="known"/>).</summary>
        public static ImmutableArray<BodySummary> SummarizeTree(
            CudaSignals? cuda, SymbolKeys keys, SemanticModel model, Func<SyntaxNode, BodySummary?> known, out int built, CancellationToken cancellationToken)
        {
            var summarizer = new Summarizer(cuda, keys, model, cancellationToken) { _known = known };
            var bodies = ImmutableArray.CreateBuilder<BodySummary>();
            var root = model.SyntaxTree.GetRoot(cancellationToken);
            var hasTopLevelCode = false;
            foreach (var node in Declarations(root))
            {
                if (node is GlobalStatementSyntax)
                {
                    hasTopLevelCode = true;
                    continue;
                }

                summarizer.AddDeclaration(node, bodies);
            }

            if (hasTopLevelCode && root is CompilationUnitSyntax unit)
            {
                summarizer.AddTopLevelStatements(unit, bodies);
            }

            built = summarizer._built;
            return bodies.ToImmutable();
        }

        /// <summary>
        /// Every member declaration of a tree that may hold a body, in document order: the members
        /// of namespaces and types (nested types and their members included), each property's,
        /// indexer's and event's accessors after it, each field's declarators, and top-level
        /// statements. Only member lists are followed: bodies themselves are not searched (their
        /// lambdas belong to them), nor attributes, base lists or parameter lists.
        /// </summary>
        internal static IEnumerable<SyntaxNode> Declarations(SyntaxNode root)
        {
            var pending = new Stack<SyntaxNode>();
            PushMembers(pending, root);
            while (pending.Count > 0)
            {
                var node = pending.Pop();
                yield return node;
                PushMembers(pending, node);
            }
        }

        /// <summary>Pushes a node's member declarations last first, so they come off the stack in document order.</summary>
        private static void PushMembers(Stack<SyntaxNode> pending, SyntaxNode node)
        {
            switch (node)
            {
                case CompilationUnitSyntax unit:
                    PushReversed(pending, unit.Members);
                    break;
                case BaseNamespaceDeclarationSyntax ns:
                    PushReversed(pending, ns.Members);
                    break;
                case TypeDeclarationSyntax type:
                    PushReversed(pending, type.Members);
                    break;
                case BasePropertyDeclarationSyntax { AccessorList: { } accessors }:
                    PushReversed(pending, accessors.Accessors);
                    break;
                case BaseFieldDeclarationSyntax field:
                    PushReversed(pending, field.Declaration.Variables);
                    break;
            }
        }

        private static void PushReversed<T>(Stack<SyntaxNode> pending, SyntaxList<T> nodes)
            where T : SyntaxNode
        {
            for (var i = nodes.Count - 1; i >= 0; i--)
            {
                pending.Push(nodes[i]);
            }
        }

        private static void PushReversed<T>(Stack<SyntaxNode> pending, SeparatedSyntaxList<T> nodes)
            where T : SyntaxNode
        {
            for (var i = nodes.Count - 1; i >= 0; i--)
            {
                pending.Push(nodes[i]);
            }
        }

        private void AddDeclaration(SyntaxNode node, ImmutableArray<BodySummary>.Builder bodies)
        {
            switch (node)
            {
                case BaseMethodDeclarationSyntax method when method.Body is not null || method.ExpressionBody is not null:
                    Add(node, bodies);
                    break;
                case AccessorDeclarationSyntax accessor when accessor.Body is not null || accessor.ExpressionBody is not null:
                    Add(node, bodies);
                    break;
                case BasePropertyDeclarationSyntax property:
                    if (TryKnown(property, bodies))
                    {
                        break;
                    }

                    var arrow = property switch
                    {
                        PropertyDeclarationSyntax p => p.ExpressionBody,
                        IndexerDeclarationSyntax i => i.ExpressionBody,
                        _ => null,
                    };
                    if (arrow is not null && _model.GetDeclaredSymbol(property, _cancellationToken) is IPropertySymbol { GetMethod: { } getter })
                    {
                        AddBody(getter, BodyKind.Method, arrow, null, bodies);
                    }

                    if (property is PropertyDeclarationSyntax { Initializer: { } initializer } withInitializer
                        && _model.GetDeclaredSymbol(withInitializer, _cancellationToken) is IPropertySymbol initialized)
                    {
                        AddBody(initialized, initialized.IsStatic ? BodyKind.StaticInitializer : BodyKind.Initializer, initializer, null, bodies);
                    }

                    break;
                case VariableDeclaratorSyntax { Initializer: { } value } declarator
                    when declarator.Parent?.Parent is FieldDeclarationSyntax field && !field.Modifiers.Any(SyntaxKind.ConstKeyword):
                    if (!TryKnown(value, bodies) && _model.GetDeclaredSymbol(declarator, _cancellationToken) is IFieldSymbol fieldSymbol)
                    {
                        AddBody(fieldSymbol, fieldSymbol.IsStatic ? BodyKind.StaticInitializer : BodyKind.Initializer, value, null, bodies);
                    }

                    break;
            }
        }

        /// <summary>A property's bodies (its arrow getter, its initialiser) already built from operation blocks.</summary>
        private bool TryKnown(BasePropertyDeclarationSyntax property, ImmutableArray<BodySummary>.Builder bodies)
        {
            var arrow = property switch
            {
                PropertyDeclarationSyntax p => p.ExpressionBody,
                IndexerDeclarationSyntax i => i.ExpressionBody,
                _ => null,
            };
            var initializer = (property as PropertyDeclarationSyntax)?.Initializer;
            if ((arrow is null && initializer is null)
                || (arrow is not null && _known?.Invoke(arrow) is null)
                || (initializer is not null && _known?.Invoke(initializer) is null))
            {
                return false;
            }

            if (arrow is not null)
            {
                TryKnown(arrow, bodies);
            }

            if (initializer is not null)
            {
                TryKnown(initializer, bodies);
            }

            return true;
        }

        private bool TryKnown(SyntaxNode declaration, ImmutableArray<BodySummary>.Builder bodies)
        {
            if (_known?.Invoke(declaration) is { } summary)
            {
                bodies.Add(summary);
                return true;
            }

            return false;
        }

        private void Add(SyntaxNode declaration, ImmutableArray<BodySummary>.Builder bodies)
        {
            if (TryKnown(declaration, bodies) || _model.GetDeclaredSymbol(declaration, _cancellationToken) is not IMethodSymbol method)
            {
                return;
            }

            var kind = method.MethodKind switch
            {
                MethodKind.Constructor => BodyKind.Constructor,
                MethodKind.StaticConstructor => BodyKind.StaticConstructor,
                _ => BodyKind.Method,
            };
            AddBody(method, kind, declaration, null, bodies);
        }

        private void AddTopLevelStatements(CompilationUnitSyntax unit, ImmutableArray<BodySummary>.Builder bodies)
        {
            if (!TryKnown(unit, bodies) && _model.GetDeclaredSymbol(unit, _cancellationToken) is IMethodSymbol entryPoint)
            {
                AddBody(entryPoint, BodyKind.Method, unit, null, bodies);
            }
        }

        /// <summary>Builds one body, from <paramref name="operation"/> when the driver handed it over, else from the model.</summary>
        private void AddBody(ISymbol member, BodyKind kind, SyntaxNode declaration, IOperation? operation, ImmutableArray<BodySummary>.Builder bodies)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var key = _keys.Of(member);
            if (key is null)
            {
                return;
            }

            var body = new BodyBuilder(this, member);
            FlowNode root;
            try
            {
                root = body.Build(operation ?? _model.GetOperation(declaration, _cancellationToken), declaration);
            }
            catch (InsufficientExecutionStackException)
            {
                // Code nested deeper than the stack allows (generated expressions): taken to do nothing.
                root = FlowNode.Empty;
            }

            _built++;
            bodies.Add(new BodySummary(
                key,
                kind,
                declaration,
                member.ContainingType?.Name ?? string.Empty,
                root,
                body.NestedBodies(),
                member is IMethodSymbol method ? Implemented(method, _keys) : ImmutableArray<string>.Empty,
                body.Generators));
        }

        /// <summary>The project's members that <paramref name="method"/> overrides or implements.</summary>
        private static ImmutableArray<string> Implemented(IMethodSymbol method, SymbolKeys symbolKeys)
        {
            ImmutableArray<string>.Builder? keys = null; // most members implement nothing of the project's
            for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            {
                AddIfSource(overridden, ref keys, symbolKeys);
            }

            foreach (var explicitImplementation in method.ExplicitInterfaceImplementations)
            {
                AddIfSource(explicitImplementation, ref keys, symbolKeys);
            }

            if (method.ContainingType is { } type && method.DeclaredAccessibility == Accessibility.Public && !method.IsStatic)
            {
                foreach (var @interface in type.AllInterfaces)
                {
                    if (@interface.DeclaringSyntaxReferences.IsEmpty)
                    {
                        continue; // not the project's (a library type has no syntax; asking for its locations makes an array each time)
                    }

                    // An implicit implementation has the name of the member it implements, except
                    // an indexer's accessors ([IndexerName] renames them on either side).
                    var candidates = method.AssociatedSymbol is IPropertySymbol { IsIndexer: true } ? @interface.GetMembers() : @interface.GetMembers(method.Name);
                    foreach (var member in candidates)
                    {
                        if (member is IMethodSymbol interfaceMethod
                            && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(interfaceMethod), method))
                        {
                            AddIfSource(interfaceMethod, ref keys, symbolKeys);
                        }
                    }
                }
            }

            return keys?.ToImmutable() ?? ImmutableArray<string>.Empty;
        }

        private static void AddIfSource(IMethodSymbol method, ref ImmutableArray<string>.Builder? keys, SymbolKeys symbolKeys)
        {
            if (IsInSource(method) && symbolKeys.Of(method) is { } key)
            {
                (keys ??= ImmutableArray.CreateBuilder<string>()).Add(key);
            }
        }

        internal static bool IsInSource(ISymbol symbol)
        {
            var locations = symbol.Locations;
            return locations.Length > 0 && locations[0].IsInSource;
        }

        /// <summary>A value seen through conversions, parentheses and delegate creation: the lambda or method group a delegate is made from.</summary>
        internal static IOperation Unwrap(IOperation value)
        {
            while (true)
            {
                switch (value.Kind)
                {
                    case OperationKind.Conversion:
                        value = ((IConversionOperation)value).Operand;
                        break;
                    case OperationKind.DelegateCreation:
                        value = ((IDelegateCreationOperation)value).Target;
                        break;
                    case OperationKind.Parenthesized:
                        value = ((IParenthesizedOperation)value).Operand;
                        break;
                    default:
                        return value;
                }
            }
        }

        /// <summary>
        /// The bodies a call of one of the project's constructors runs, as its call node names
        /// them: its own code when declared, otherwise its type's initialisers, then the base type's
        /// parameterless constructor. Empty for a constructor outside the project.
        /// </summary>
        internal static ImmutableArray<string> ConstructorTargets(IMethodSymbol constructor, SymbolKeys keys)
        {
            var targets = ImmutableArray.CreateBuilder<string>();
            BodyBuilder.AddConstructor(constructor.OriginalDefinition, targets, keys, depth: 0);
            return targets.ToImmutable();
        }

        /// <summary>The summary nodes of one declared body and the lambdas and local functions inside it.</summary>
        private sealed class BodyBuilder
        {
            private readonly Summarizer _owner;
            private readonly ISymbol _member;
            // Made when first needed: most bodies have no lambda or local function that runs.
            private List<FlowNode?>? _nested;
            private Dictionary<IOperation, int>? _lambdas;
            private Dictionary<IMethodSymbol, int>? _localFunctions;
            private Dictionary<IMethodSymbol, ILocalFunctionOperation>? _localFunctionDeclarations;
            private IOperation? _root;
            private bool _hasGoTo;
            private bool _yields;
            private HashSet<int>? _localIterators;

            /// <summary>One bit per generator with an event in this body.</summary>
            public int Generators { get; private set; }

            public BodyBuilder(Summarizer owner, ISymbol member)
            {
                _owner = owner;
                _member = member;
            }

            private RandomnessKnowledge Knowledge => _owner._knowledge;

            private SymbolKeys Keys => _owner._keys;

            private CudaSignals? Cuda => _owner._cuda;

            public FlowNode Build(IOperation? operation, SyntaxNode declaration)
            {
                if (operation is null)
                {
                    return FlowNode.Empty;
                }

                _root = operation;
                var prologue = ImmutableArray<FlowNode>.Empty;
                if (_member is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor
                    && declaration is ConstructorDeclarationSyntax { Initializer: not { ThisOrBaseKeyword.ValueText: "this" } })
                {
                    prologue = InstanceInitializers(constructor.ContainingType, Keys);
                }

                var body = Visit(operation);
                if (_yields)
                {
                    return FlowNode.Empty; // an iterator: its code runs as it is enumerated, not when it is called
                }

                if (_hasGoTo)
                {
                    body = new GotoScopeNode(body);
                }

                return prologue.IsEmpty ? body : FlowNode.Sequence(FlowNode.Sequence(prologue), body);
            }

            public ImmutableArray<FlowNode> NestedBodies()
            {
                if (_nested is null)
                {
                    return ImmutableArray<FlowNode>.Empty;
                }

                var builder = ImmutableArray.CreateBuilder<FlowNode>(_nested.Count);
                foreach (var node in _nested)
                {
                    builder.Add(node ?? FlowNode.Empty);
                }

                return builder.MoveToImmutable();
            }

            private FlowNode Visit(IOperation? operation)
            {
                if (operation is null)
                {
                    return FlowNode.Empty;
                }

                RuntimeHelpers.EnsureSufficientExecutionStack();

                // Dispatch on the kind first: one enum switch per operation, a cast only where it
                // matters (most operations in a body are none of these and go to their children).
                switch (operation.Kind)
                {
                    case OperationKind.AnonymousFunction:
                    case OperationKind.LocalFunction:
                    case OperationKind.DelegateCreation:
                        return FlowNode.Empty; // code that runs where it is invoked, not where it is written
                    case OperationKind.Invocation:
                        return Invocation((IInvocationOperation)operation);
                    case OperationKind.ObjectCreation:
                        return Creation((IObjectCreationOperation)operation);
                    case OperationKind.PropertyReference:
                        return FlowNode.Sequence(Children(operation), Accessor((IPropertyReferenceOperation)operation), CudaUse(operation));
                    case OperationKind.FieldReference:
                        return FlowNode.Sequence(Children(operation), CudaUse(operation));
                    case OperationKind.Binary:
                        var binary = (IBinaryOperation)operation;
                        if (binary.OperatorKind is BinaryOperatorKind.ConditionalAnd or BinaryOperatorKind.ConditionalOr)
                        {
                            return FlowNode.Sequence(Visit(binary.LeftOperand), FlowNode.Choice(Visit(binary.RightOperand), FlowNode.Empty));
                        }

                        return WithOperator(operation, binary.OperatorMethod);
                    case OperationKind.Unary:
                        return WithOperator(operation, ((IUnaryOperation)operation).OperatorMethod);
                    case OperationKind.CompoundAssignment:
                        return WithOperator(operation, ((ICompoundAssignmentOperation)operation).OperatorMethod);
                    case OperationKind.Conversion:
                        var conversion = (IConversionOperation)operation;
                        return conversion.OperatorMethod is { } conversionMethod
                            ? FlowNode.Sequence(Children(operation), Call(conversionMethod, operation, dispatch: false), CudaUse(conversion))
                            : Children(operation);
                    case OperationKind.Coalesce:
                        var coalesce = (ICoalesceOperation)operation;
                        return FlowNode.Sequence(Visit(coalesce.Value), FlowNode.Choice(Visit(coalesce.WhenNull), FlowNode.Empty));
                    case OperationKind.CoalesceAssignment:
                        var coalesceAssignment = (ICoalesceAssignmentOperation)operation;
                        return FlowNode.Sequence(Visit(coalesceAssignment.Target), FlowNode.Choice(Visit(coalesceAssignment.Value), FlowNode.Empty));
                    case OperationKind.ConditionalAccess:
                        var access = (IConditionalAccessOperation)operation;
                        return FlowNode.Sequence(Visit(access.Operation), FlowNode.Choice(Visit(access.WhenNotNull), FlowNode.Empty));
                    case OperationKind.Conditional:
                        return Conditional((IConditionalOperation)operation);
                    case OperationKind.Loop:
                        return Loop((ILoopOperation)operation);
                    case OperationKind.Switch:
                        return Switch((ISwitchOperation)operation);
                    case OperationKind.SwitchExpression:
                        return SwitchExpression((ISwitchExpressionOperation)operation);
                    case OperationKind.Try:
                        return Try((ITryOperation)operation);
                    case OperationKind.YieldReturn:
                        _yields = true;
                        return Visit(((IReturnOperation)operation).ReturnedValue);
                    case OperationKind.YieldBreak:
                        _yields = true;
                        return JumpNode.Return;
                    case OperationKind.Return:
                        return FlowNode.Sequence(Visit(((IReturnOperation)operation).ReturnedValue), JumpNode.Return);
                    case OperationKind.Throw:
                        return FlowNode.Sequence(Visit(((IThrowOperation)operation).Exception), JumpNode.Throw);
                    case OperationKind.Branch:
                        return Branch((IBranchOperation)operation);
                    case OperationKind.Using:
                        var usingOperation = (IUsingOperation)operation;
                        return FlowNode.Sequence(Visit(usingOperation.Resources), Visit(usingOperation.Body));
                    case OperationKind.Labeled:
                        return FlowNode.Sequence(LabelNode.Instance, Visit(((ILabeledOperation)operation).Operation));
                    default:
                        return Children(operation);
                }
            }

            /// <summary>An operator: its operands, then the project's operator method when it is one.</summary>
            private FlowNode WithOperator(IOperation operation, IMethodSymbol? method)
                => method is null ? Children(operation) : FlowNode.Sequence(Children(operation), Call(method, operation, dispatch: false));

            private FlowNode Loop(ILoopOperation loop)
            {
                switch (loop)
                {
                    case IWhileLoopOperation whileLoop:
                        return WhileLoop(whileLoop);
                    case IForLoopOperation forLoop:
                        return FlowNode.Sequence(
                            VisitAll(forLoop.Before),
                            Visit(forLoop.Condition),
                            Loop(FlowNode.Sequence(Visit(forLoop.Body), VisitAll(forLoop.AtLoopBottom), Visit(forLoop.Condition)), atLeastOnce: false, endless: IsAlwaysTrue(forLoop.Condition)));
                    case IForEachLoopOperation forEach:
                        return FlowNode.Sequence(Visit(forEach.Collection), Loop(Visit(forEach.Body), atLeastOnce: false, endless: false));
                    default:
                        return Children(loop);
                }
            }

            private FlowNode Children(IOperation operation)
            {
                // Most operations have at most one child with anything in it: no list for them.
                FlowNode? only = null;
                List<FlowNode>? nodes = null;
                foreach (var child in operation.ChildOperations)
                {
                    var node = Visit(child);
                    if (node.IsEmpty)
                    {
                        continue;
                    }

                    if (only is null)
                    {
                        only = node;
                    }
                    else
                    {
                        (nodes ??= new List<FlowNode> { only }).Add(node);
                    }
                }

                return nodes is not null ? FlowNode.Sequence(nodes) : only ?? FlowNode.Empty;
            }

            private FlowNode Invocation(IInvocationOperation invocation)
            {
                var arguments = Children(invocation);
                var target = invocation.TargetMethod;

                // Seeds, reseeds, draws and device uses are all rows of the inventory: a method
                // with no row (the project's own, and most library calls) is none of them, and
                // the row found once answers for each.
                var cudaUse = FlowNode.Empty;
                var call = Keys.Call(target);
                if (call.Entry is { } entry)
                {
                    if (GeneratorEvents.Of(Knowledge, entry, invocation.Arguments) is { } callEvent)
                    {
                        return FlowNode.Sequence(arguments, Event(callEvent, invocation));
                    }

                    cudaUse = CudaUse(invocation);
                }

                var lambdas = LambdaArguments(invocation, invocation.Arguments);
                FlowNode callee;
                switch (target.MethodKind)
                {
                    case MethodKind.LocalFunction:
                        callee = LocalFunction(target, invocation);
                        break;
                    case MethodKind.DelegateInvoke:
                        callee = DelegateInvocation(invocation);
                        break;
                    case MethodKind.Constructor:
                        // base(...) or this(...) in a constructor
                        callee = Constructor(target, invocation, invocation.IsImplicit ? target.ContainingType.Name : null);
                        break;
                    default:
                        callee = DispatchedCall(call, invocation);
                        break;
                }

                return FlowNode.Sequence(arguments, lambdas, callee, cudaUse);
            }

            private FlowNode Creation(IObjectCreationOperation creation)
            {
                var arguments = VisitAll(creation.Arguments);
                var called = creation.Constructor;
                var entry = called is null ? null : Keys.Call(called).Entry; // as for invocations: no row, no event
                if (entry is not null && GeneratorEvents.Of(Knowledge, entry, creation.Arguments) is { } callEvent)
                {
                    return FlowNode.Sequence(arguments, Event(callEvent, creation), Visit(creation.Initializer));
                }

                var constructor = called is null ? FlowNode.Empty : Constructor(called, creation, null);
                return FlowNode.Sequence(arguments, constructor, entry is not null ? CudaUse(creation) : FlowNode.Empty, Visit(creation.Initializer));
            }

            private FlowNode VisitAll<T>(ImmutableArray<T> operations)
                where T : IOperation
            {
                List<FlowNode>? nodes = null;
                foreach (var operation in operations)
                {
                    Add(ref nodes, Visit(operation));
                }

                return nodes is null ? FlowNode.Empty : FlowNode.Sequence(nodes);
            }

            /// <summary>A property or indexer of the project's own: its getter runs, or its setter when assigned.</summary>
            private FlowNode Accessor(IPropertyReferenceOperation reference)
            {
                var assigned = reference.Parent is IAssignmentOperation assignment && assignment.Target == reference;
                var accessor = assigned ? reference.Property.SetMethod : reference.Property.GetMethod;
                return accessor is null ? FlowNode.Empty : DispatchedCall(Keys.Call(accessor), reference);
            }

            /// <summary>A call of one of the project's methods with a body somewhere in the project.</summary>
            private FlowNode Call(IMethodSymbol method, IOperation site, bool dispatch) => Call(Keys.Call(method), site, dispatch);

            /// <summary>A call that runs an override or implementation when it is a virtual call (<see cref="IsVirtualCall"/>, asked only of the project's members).</summary>
            private static FlowNode DispatchedCall(CallTargetsOf call, IOperation site)
                => call.Keys.IsEmpty ? FlowNode.Empty : Call(call, site, IsVirtualCall(site));

            private static FlowNode Call(CallTargetsOf call, IOperation site, bool dispatch)
            {
                var targets = call.Targets(dispatch);
                return targets.IsEmpty ? FlowNode.Empty : new CallNode(targets, dispatch, new Site(site.Syntax));
            }

            /// <summary>
            /// A constructor of the project's: its own code when declared; otherwise (implicit or
            /// primary) its type's instance initialisers, then the base type's parameterless constructor.
            /// </summary>
            private FlowNode Constructor(IMethodSymbol constructor, IOperation site, string? implicitBaseOf)
            {
                if (!IsInSource(constructor))
                {
                    return FlowNode.Empty;
                }

                var targets = ImmutableArray.CreateBuilder<string>();
                AddConstructor(constructor.OriginalDefinition, targets, Keys, depth: 0);
                return targets.Count == 0
                    ? FlowNode.Empty
                    : new CallNode(targets.ToImmutable(), dispatch: false, new Site(site.Syntax, implicitBaseOf));
            }

            internal static void AddConstructor(IMethodSymbol constructor, ImmutableArray<string>.Builder targets, SymbolKeys keys, int depth)
            {
                if (!IsInSource(constructor) || depth > 64)
                {
                    return;
                }

                foreach (var reference in constructor.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax() is ConstructorDeclarationSyntax && keys.Of(constructor) is { } key)
                    {
                        targets.Add(key);
                        return;
                    }
                }

                foreach (var initializer in InitializerKeys(constructor.ContainingType, keys))
                {
                    targets.Add(initializer);
                }

                if (constructor.ContainingType.BaseType is { } baseType)
                {
                    foreach (var baseConstructor in baseType.InstanceConstructors)
                    {
                        if (baseConstructor.Parameters.Length == 0)
                        {
                            AddConstructor(baseConstructor.OriginalDefinition, targets, keys, depth + 1);
                        }
                    }
                }
            }

            /// <summary>The instance initialisers a declared constructor runs first, one call each (its site is the initialiser).</summary>
            private static ImmutableArray<FlowNode> InstanceInitializers(INamedTypeSymbol type, SymbolKeys keys)
            {
                var nodes = ImmutableArray.CreateBuilder<FlowNode>();
                foreach (var member in type.GetMembers())
                {
                    if (!member.IsStatic && InitializerSyntax(member) is { } value && keys.Of(member) is { } key)
                    {
                        nodes.Add(new CallNode(keys.Alone(key), dispatch: false, new Site(value.Value)));
                    }
                }

                return nodes.ToImmutable();
            }

            private static IEnumerable<string> InitializerKeys(INamedTypeSymbol type, SymbolKeys keys)
            {
                foreach (var member in type.GetMembers())
                {
                    if (!member.IsStatic && InitializerSyntax(member) is not null && keys.Of(member) is { } key)
                    {
                        yield return key;
                    }
                }
            }

            private static EqualsValueClauseSyntax? InitializerSyntax(ISymbol member)
            {
                if (member is not (IFieldSymbol { IsConst: false, IsImplicitlyDeclared: false } or IPropertySymbol) || member.DeclaringSyntaxReferences.Length == 0)
                {
                    return null;
                }

                return member.DeclaringSyntaxReferences[0].GetSyntax() switch
                {
                    VariableDeclaratorSyntax declarator => declarator.Initializer,
                    PropertyDeclarationSyntax property => property.Initializer,
                    _ => null,
                };
            }

            /// <summary>A call that may reach an override or implementation: virtual, abstract, override or interface, not through base.</summary>
            private static bool IsVirtualCall(IOperation call)
            {
                var (member, instance) = call switch
                {
                    IInvocationOperation invocation => ((ISymbol)invocation.TargetMethod, invocation.Instance),
                    IPropertyReferenceOperation property => (property.Property, property.Instance),
                    _ => (null, null),
                };
                if (member is null || instance is null || member.IsStatic)
                {
                    return false;
                }

                if (instance is IInstanceReferenceOperation && instance.Syntax is BaseExpressionSyntax)
                {
                    return false;
                }

                return SymbolKeys.MayBeReplaced(member);
            }

            /// <summary>
            /// A lambda or method group handed to a method is taken to run during that call (LINQ,
            /// List.ForEach, Parallel.For). Not so for one handed to a constructor (Lazy, Thread,
            /// Task: they run it later) or converted to an expression tree (it is data).
            /// </summary>
            private FlowNode LambdaArguments(IOperation call, ImmutableArray<IArgumentOperation> arguments)
            {
                List<FlowNode>? nodes = null;
                foreach (var argument in arguments)
                {
                    // Most arguments are neither a lambda nor a method group: the value first, the
                    // parameter's type only for those.
                    var value = Unwrap(argument.Value);
                    if (value.Kind is not (OperationKind.AnonymousFunction or OperationKind.MethodReference)
                        || argument.Parameter?.Type is INamedTypeSymbol { Name: "Expression", ContainingNamespace: { Name: "Expressions", ContainingNamespace.Name: "Linq" } })
                    {
                        continue;
                    }

                    var node = value switch
                    {
                        IAnonymousFunctionOperation lambda => new RunNestedNode(Lambda(lambda), new Site(call.Syntax)),
                        IMethodReferenceOperation { Method: { MethodKind: MethodKind.LocalFunction } method } => LocalFunction(method, call),
                        IMethodReferenceOperation { Method: { } method } => Call(method, call, dispatch: false),
                        _ => FlowNode.Empty,
                    };
                    Add(ref nodes, node);
                }

                return nodes is null ? FlowNode.Empty : FlowNode.Sequence(nodes);
            }

            private int Lambda(IAnonymousFunctionOperation lambda)
            {
                _lambdas ??= new Dictionary<IOperation, int>();
                _nested ??= new List<FlowNode?>();
                if (_lambdas.TryGetValue(lambda, out var index))
                {
                    return index;
                }

                index = _nested.Count;
                _lambdas.Add(lambda, index);
                _nested.Add(null);
                var outerYields = _yields;
                var outerGoTo = _hasGoTo;
                _yields = false;
                _hasGoTo = false;
                var code = Visit(lambda.Body);
                _nested[index] = _hasGoTo ? new GotoScopeNode(code) : code;
                _yields = outerYields;
                _hasGoTo = outerGoTo;
                return index;
            }

            private FlowNode LocalFunction(IMethodSymbol localFunction, IOperation site)
            {
                localFunction = localFunction.OriginalDefinition;
                _localFunctions ??= new Dictionary<IMethodSymbol, int>(SymbolEqualityComparer.Default);
                _nested ??= new List<FlowNode?>();
                if (!_localFunctions.TryGetValue(localFunction, out var index))
                {
                    if (!LocalFunctionDeclarations().TryGetValue(localFunction, out var declaration))
                    {
                        return FlowNode.Empty;
                    }

                    index = _nested.Count;
                    _localFunctions.Add(localFunction, index);
                    _nested.Add(null);
                    var outerYields = _yields;
                    var outerGoTo = _hasGoTo;
                    _yields = false;
                    _hasGoTo = false;
                    var code = Visit(declaration.Body ?? declaration.IgnoredBody);
                    if (_yields)
                    {
                        (_localIterators ??= new HashSet<int>()).Add(index); // a local iterator runs as it is enumerated
                    }

                    _nested[index] = _yields ? FlowNode.Empty : _hasGoTo ? new GotoScopeNode(code) : code;
                    _yields = outerYields;
                    _hasGoTo = outerGoTo;
                }

                return _localIterators?.Contains(index) == true ? FlowNode.Empty : new RunNestedNode(index, new Site(site.Syntax));
            }

            private Dictionary<IMethodSymbol, ILocalFunctionOperation> LocalFunctionDeclarations()
            {
                if (_localFunctionDeclarations is null)
                {
                    _localFunctionDeclarations = new Dictionary<IMethodSymbol, ILocalFunctionOperation>(SymbolEqualityComparer.Default);
                    foreach (var operation in _root!.Descendants())
                    {
                        if (operation is ILocalFunctionOperation declaration)
                        {
                            _localFunctionDeclarations[declaration.Symbol.OriginalDefinition] = declaration;
                        }
                    }
                }

                return _localFunctionDeclarations;
            }

            /// <summary>
            /// <c>f()</c> on a delegate: whichever of the lambdas, local functions and project
            /// methods it may hold (by <see cref="ValueSources"/>) runs here; a value it may hold
            /// that is none of these (a parameter, a field, an unknown local) runs nothing we know of.
            /// </summary>
            private FlowNode DelegateInvocation(IInvocationOperation invocation)
            {
                if (invocation.Instance is null)
                {
                    return FlowNode.Empty;
                }

                var options = new List<FlowNode>();
                var allKnown = true;
                foreach (var leaf in ValueSources.Of(invocation.Instance))
                {
                    var node = Unwrap(leaf) switch
                    {
                        IAnonymousFunctionOperation lambda => new RunNestedNode(Lambda(lambda), new Site(invocation.Syntax)),
                        IMethodReferenceOperation { Method: { MethodKind: MethodKind.LocalFunction } method } => LocalFunction(method, invocation),
                        IMethodReferenceOperation { Method: { } method } => Call(method, invocation, dispatch: false),
                        _ => null,
                    };
                    if (node is null)
                    {
                        allKnown = false;
                    }
                    else
                    {
                        options.Add(node);
                    }
                }

                if (options.Count == 0)
                {
                    return FlowNode.Empty;
                }

                if (!allKnown)
                {
                    options.Add(FlowNode.Empty);
                }

                return options.Count == 1 ? options[0] : FlowNode.Choice(options.ToArray());
            }

            private FlowNode Conditional(IConditionalOperation conditional)
            {
                var condition = Visit(conditional.Condition);
                if (conditional.Condition.ConstantValue is { HasValue: true, Value: bool constant })
                {
                    return FlowNode.Sequence(condition, constant ? Visit(conditional.WhenTrue) : Visit(conditional.WhenFalse));
                }

                return FlowNode.Sequence(condition, FlowNode.Choice(Visit(conditional.WhenTrue), Visit(conditional.WhenFalse)));
            }

            private FlowNode WhileLoop(IWhileLoopOperation loop)
            {
                var condition = Visit(loop.Condition);
                var endless = loop.Condition is null
                    || (loop.Condition.ConstantValue is { HasValue: true, Value: bool value } && value != loop.ConditionIsUntil);
                var round = FlowNode.Sequence(Visit(loop.Body), condition);
                return loop.ConditionIsTop
                    ? FlowNode.Sequence(condition, Loop(round, atLeastOnce: false, endless))
                    : Loop(round, atLeastOnce: true, endless);
            }

            /// <summary>A loop; one with nothing inside that ends is nothing (nested empty loops would cost a round each).</summary>
            private static FlowNode Loop(FlowNode round, bool atLeastOnce, bool endless)
                => round.IsEmpty && !endless ? FlowNode.Empty : new LoopNode(round, atLeastOnce, endless);

            private static bool IsAlwaysTrue(IOperation? condition)
                => condition is null || condition.ConstantValue is { HasValue: true, Value: true };

            private FlowNode Switch(ISwitchOperation switchStatement)
            {
                var value = Visit(switchStatement.Value);
                FlowNode[]? sections = null;
                var hasDefault = false;
                var cases = switchStatement.Cases;
                for (var i = 0; i < cases.Length; i++)
                {
                    List<FlowNode>? parts = null;
                    foreach (var clause in cases[i].Clauses)
                    {
                        hasDefault |= clause.CaseKind == CaseKind.Default;
                        Add(ref parts, Visit(clause));
                    }

                    foreach (var statement in cases[i].Body)
                    {
                        Add(ref parts, Visit(statement));
                    }

                    if (parts is not null)
                    {
                        (sections ??= new FlowNode[cases.Length])[i] = FlowNode.Sequence(parts);
                    }
                }

                if (sections is null)
                {
                    return value; // no section does anything: only the value runs
                }

                var options = ImmutableArray.CreateBuilder<FlowNode>(sections.Length + 1);
                foreach (var section in sections)
                {
                    options.Add(section ?? FlowNode.Empty);
                }

                if (!hasDefault)
                {
                    options.Add(FlowNode.Empty);
                }

                return FlowNode.Sequence(value, new BreakScopeNode(FlowNode.Choice(options.ToImmutable())));
            }

            private FlowNode SwitchExpression(ISwitchExpressionOperation switchExpression)
            {
                var value = Visit(switchExpression.Value);
                var arms = switchExpression.Arms;
                var options = Alternatives(arms.Length, i => FlowNode.Sequence(Visit(arms[i].Guard), Visit(arms[i].Value)));
                return options is null ? value : FlowNode.Sequence(value, FlowNode.Choice(ImmutableArray.Create(options)));
            }

            private FlowNode Try(ITryOperation tryOperation)
            {
                var body = Visit(tryOperation.Body);
                var catches = tryOperation.Catches;
                var handlers = Alternatives(catches.Length, i => FlowNode.Sequence(Visit(catches[i].Filter), Visit(catches[i].Handler)));
                var @finally = tryOperation.Finally is null ? null : Visit(tryOperation.Finally);
                if (body.IsEmpty && handlers is null && (@finally is null || @finally.IsEmpty))
                {
                    return FlowNode.Empty;
                }

                return new TryNode(body, ImmutableArray.Create(handlers ?? Empties(catches.Length)), @finally);
            }

            /// <summary>
            /// The nodes of <paramref name="count"/> alternatives (a switch expression's arms, a
            /// try's handlers), each visited once in order; null when none has anything in it, so
            /// code with nothing for the engine makes no array.
            /// </summary>
            private static FlowNode[]? Alternatives(int count, Func<int, FlowNode> visit)
            {
                FlowNode[]? nodes = null;
                for (var i = 0; i < count; i++)
                {
                    var node = visit(i);
                    if (!node.IsEmpty)
                    {
                        (nodes ??= Empties(count))[i] = node;
                    }
                }

                return nodes;
            }

            private static FlowNode[] Empties(int count)
            {
                var nodes = new FlowNode[count];
                for (var i = 0; i < count; i++)
                {
                    nodes[i] = FlowNode.Empty;
                }

                return nodes;
            }

            /// <summary>Adds a node that does something, making the list on the first: most code adds none.</summary>
            private static void Add(ref List<FlowNode>? nodes, FlowNode node)
            {
                if (!node.IsEmpty)
                {
                    (nodes ??= new List<FlowNode>()).Add(node);
                }
            }

            private FlowNode Branch(IBranchOperation branch)
            {
                switch (branch.BranchKind)
                {
                    case BranchKind.Break:
                        return JumpNode.Break;
                    case BranchKind.Continue:
                        return JumpNode.Continue;
                    case BranchKind.GoTo:
                        _hasGoTo = true;
                        return JumpNode.GoTo;
                    default:
                        return FlowNode.Empty;
                }
            }

            /// <summary>
            /// The event a call of an inventory member is (<see cref="GeneratorEvents"/>). A
            /// member's one inventory row makes it a seed, reseed or draw, or a device use
            /// (<see cref="CudaUse"/>), never both, so nothing else is recorded at the call.
            /// </summary>
            private FlowNode Event(CallEvent callEvent, IOperation call)
                => Event(callEvent.Kind, callEvent.Generator, new Site(call.Syntax), callEvent.SeedsFromValue);

            private FlowNode Event(EventKind kind, Generator generator, Site site, bool seedsFromValue = false)
            {
                Generators |= 1 << generator.Index;
                return new GeneratorEvent(kind, generator, site, seedsFromValue);
            }

            /// <summary>Work put on a CUDA device: a draw from the CUDA generator, as far as seeding order goes.</summary>
            private FlowNode CudaUse(IOperation operation)
            {
                if (Cuda is null || !Cuda.IsCudaUse(operation))
                {
                    return FlowNode.Empty;
                }

                return Event(EventKind.Draw, GeneratorEvents.CudaUse, CudaSite(operation));
            }

            /// <summary>
            /// Where a CUDA use is shown: a call on an object (<c>x.cuda()</c>, <c>x.to("cuda")</c>,
            /// also extension calls) from the member name on, so that a long receiver chain neither
            /// fills the message nor hides the call; a converted value (<c>"cuda"</c> as a device) as
            /// the value; everything else whole.
            /// </summary>
            private static Site CudaSite(IOperation operation)
            {
                if (operation is IConversionOperation conversion)
                {
                    return new Site(conversion.Operand.Syntax, conversion.Operand.Syntax.Span, conversion.Operand.Syntax.ToString());
                }

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
                        var span = Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(name.SpanStart, invocation.Span.End);
                        return new Site(syntax, span, name.ToString() + invocation.ArgumentList.ToString());
                    }
                }

                return new Site(syntax, syntax.Span, syntax.ToString());
            }
        }
    }
}
