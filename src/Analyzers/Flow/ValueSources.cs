using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Seeding.Analyzers.Flow
{
    /// <summary>
    /// Where a value comes from inside the body that computes it: the operations ("leaves") whose
    /// values it may be made of. The one tracker every rule asks; each rule classifies the leaves
    /// with its own knowledge (a nondeterministic source, a constant naming CUDA, the global generator).
    /// </summary>
    /// <remarks>
    /// <para>
    /// Looked through: conversions (also user-defined ones), parentheses, <c>?:</c> (both arms),
    /// <c>??</c> (both sides), <c>switch</c> expression arms, unary and binary operators (every
    /// operand) and locals. An operation with a compile-time constant value is a leaf, never
    /// looked into. Everything else is a leaf: calls, object creations, member references,
    /// parameters, literals.
    /// </para>
    /// <para>
    /// <b>Locals.</b> The values a local may hold are <em>all</em> the values written to it
    /// anywhere in its declaring body, in source order, whatever the order they run in: its
    /// initialiser, the right side of every <c>x = ...</c>, the right side of every compound
    /// assignment (<c>x += ...</c>, <c>x ??= ...</c>; the old value is already among them), and
    /// nothing new for <c>x++</c> / <c>x--</c>. Each is a possible source. A write whose value
    /// cannot be seen makes the local <em>unknown</em>: passed as <c>ref</c> or <c>out</c>,
    /// declared by <c>out var</c>, a pattern or a deconstruction, assigned by a deconstruction,
    /// aliased by a <c>ref</c> local or <c>&amp;</c>; so is a <c>ref</c> local itself, a local
    /// nothing is written to (a <c>foreach</c> or <c>catch</c> variable), and a local whose body
    /// cannot be read (an operation without a semantic model, such as one from a control-flow graph).
    /// An unknown local is offered as a leaf of its own (its <see cref="ILocalReferenceOperation"/>,
    /// see <see cref="IsUnknown"/>), besides whichever of its values are known.
    /// </para>
    /// <para>
    /// <b>Members</b> (only for a walk given <see cref="MemberBodies"/>). A leaf that reads a
    /// <c>static readonly</c> field or a get-only property of the project, calls a method or
    /// local function of the project, or invokes a delegate is still offered, and then
    /// followed into the values the member may give, each one a possible source as for a
    /// local: the field's or property's initialiser, or every value its getter, the method, the
    /// local function, or the lambda or method the delegate may hold (as this same rule finds
    /// it, from a walk of its own that shares the budget) returns, nested functions left out. A field without an initialiser, a property with a
    /// setter or without a body, an abstract or external method, a library's member: not followed.
    /// Arguments are not bound to parameters: a parameter in a returned value stays a leaf.
    /// A member whose declaration is in a tree without a semantic model at hand is not followed
    /// either, and the walk says so (<see cref="Incomplete"/>), so a caller can ask again when
    /// every tree is at hand.
    /// </para>
    /// <para>
    /// <b>Termination.</b> A walk follows each local once: a local met again (<c>x = x + 1</c>)
    /// adds nothing, since the walk that first followed it offers its values. It follows each
    /// member and lambda once too (recursive and mutually recursive helpers end), and members at
    /// most <see cref="MaxMemberDepth"/> deep (a helper of a helper of a helper). A walk takes at
    /// most <see cref="MaxSteps"/> operations and then stops; what it has not offered by then is
    /// not a source. The walk is iterative within a member, and nests only as deep as members
    /// are followed, so a long expression cannot overflow the stack.
    /// </para>
    /// <para>
    /// One instance is one question: callers that follow a leaf further (a call's receiver or
    /// arguments) ask the same instance, which shares the step budget and the locals already
    /// followed, so a chain of locals that refer to each other through calls ends too.
    /// </para>
    /// </remarks>
    internal sealed class ValueSources
    {
        /// <summary>Operations one walk visits before it stops: sources are short expressions.</summary>
        public const int MaxSteps = 256;

        /// <summary>How many members deep a walk follows (a member read from a member's value is one deeper).</summary>
        public const int MaxMemberDepth = 3;

        private readonly MemberBodies? _members;
        private HashSet<ILocalSymbol>? _followed;
        private HashSet<ISymbol>? _followedMembers;
        private IOperation? _lastBody;
        private int _steps;

        /// <summary>A walk within one body: locals, never members.</summary>
        public ValueSources()
        {
        }

        /// <summary>A walk that also follows the project's members, reading their declarations from <paramref name="members"/>.</summary>
        public ValueSources(MemberBodies members)
        {
            _members = members;
        }

        /// <summary>True when the walk met a member of the project it could not read (no semantic model of its tree at hand).</summary>
        public bool Incomplete { get; private set; }

        /// <summary>Every leaf of <paramref name="value"/>, in source order, from a walk of its own.</summary>
        public static ImmutableArray<IOperation> Of(IOperation value)
        {
            var leaves = ImmutableArray.CreateBuilder<IOperation>();
            foreach (var leaf in new ValueSources().LeavesOf(value))
            {
                leaves.Add(leaf);
            }

            return leaves.ToImmutable();
        }

        /// <summary>A leaf that stands for a local whose value the tracker could not enumerate.</summary>
        public static bool IsUnknown(IOperation leaf) => leaf is ILocalReferenceOperation;

        /// <summary>
        /// The leaves of <paramref name="value"/>, in source order (left operand before right, true
        /// arm before false, a local's initialiser before its later assignments). Lazy: stop
        /// enumerating when the answer is known.
        /// </summary>
        public IEnumerable<IOperation> LeavesOf(IOperation value) => LeavesOf(value, depth: 0);

        private IEnumerable<IOperation> LeavesOf(IOperation value, int depth)
        {
            var pending = new Stack<IOperation>();
            pending.Push(value);
            while (pending.Count > 0 && _steps < MaxSteps)
            {
                _steps++;
                var operation = pending.Pop();
                if (operation.ConstantValue.HasValue)
                {
                    yield return operation;
                    continue;
                }

                switch (operation)
                {
                    case IConversionOperation conversion:
                        pending.Push(conversion.Operand);
                        break;
                    case IParenthesizedOperation parenthesized:
                        pending.Push(parenthesized.Operand);
                        break;
                    case IUnaryOperation unary:
                        pending.Push(unary.Operand);
                        break;
                    case IBinaryOperation binary:
                        pending.Push(binary.RightOperand);
                        pending.Push(binary.LeftOperand);
                        break;
                    case ICoalesceOperation coalesce:
                        pending.Push(coalesce.WhenNull);
                        pending.Push(coalesce.Value);
                        break;
                    case IConditionalOperation { WhenFalse: { } whenFalse } conditional:
                        pending.Push(whenFalse);
                        pending.Push(conditional.WhenTrue);
                        break;
                    case ISwitchExpressionOperation switchExpression:
                        for (var i = switchExpression.Arms.Length - 1; i >= 0; i--)
                        {
                            pending.Push(switchExpression.Arms[i].Value);
                        }

                        break;
                    case ILocalReferenceOperation local:
                        if (!Follow(local, pending))
                        {
                            yield return local;
                        }

                        break;
                    default:
                        yield return operation;
                        if (_members is not null && depth < MaxMemberDepth)
                        {
                            foreach (var memberValue in MemberValues(operation, depth + 1))
                            {
                                foreach (var leaf in LeavesOf(memberValue, depth + 1))
                                {
                                    yield return leaf;
                                }
                            }
                        }

                        break;
                }
            }
        }

        /// <summary>
        /// The values a member read or called by <paramref name="operation"/> may give (see the
        /// Members rule), each member once per walk; empty when there is none to follow.
        /// </summary>
        private List<IOperation> MemberValues(IOperation operation, int depth)
        {
            var values = new List<IOperation>();
            switch (operation)
            {
                case IFieldReferenceOperation { Field: { IsStatic: true, IsReadOnly: true } field }:
                    if (FirstVisit(field) && Declaration(field, operation) is (VariableDeclaratorSyntax { Initializer: { } initializer }, { } model)
                        && model.GetOperation(initializer) is IFieldInitializerOperation fieldInitializer)
                    {
                        values.Add(fieldInitializer.Value);
                    }

                    break;
                case IPropertyReferenceOperation { Property: { SetMethod: null, Parameters.Length: 0 } property }:
                    if (FirstVisit(property) && Declaration(property, operation) is (PropertyDeclarationSyntax declaration, { } propertyModel))
                    {
                        if (declaration.Initializer is { } value && propertyModel.GetOperation(value) is IPropertyInitializerOperation propertyInitializer)
                        {
                            values.Add(propertyInitializer.Value);
                        }

                        SyntaxNode? getter = declaration.ExpressionBody;
                        if (declaration.AccessorList is { } accessors)
                        {
                            foreach (var accessor in accessors.Accessors)
                            {
                                if (accessor.IsKind(SyntaxKind.GetAccessorDeclaration) && (accessor.Body is not null || accessor.ExpressionBody is not null))
                                {
                                    getter = accessor;
                                }
                            }
                        }

                        AddReturned(getter is null ? null : propertyModel.GetOperation(getter), values);
                    }

                    break;
                case IInvocationOperation { TargetMethod.MethodKind: MethodKind.DelegateInvoke, Instance: { } target }:
                    // The functions the delegate may hold, from a walk of their own (the caller may have
                    // followed the delegate's local or field already, for its values), sharing the budget.
                    var functions = new ValueSources(_members!) { _steps = _steps };
                    foreach (var function in functions.LeavesOf(target, depth))
                    {
                        switch (function)
                        {
                            case IDelegateCreationOperation { Target: IAnonymousFunctionOperation lambda }:
                                AddLambda(lambda, values);
                                break;
                            case IAnonymousFunctionOperation lambda:
                                AddLambda(lambda, values);
                                break;
                            case IDelegateCreationOperation { Target: IMethodReferenceOperation reference }:
                                AddMethod(reference.Method, reference, values);
                                break;
                            case IMethodReferenceOperation reference:
                                AddMethod(reference.Method, reference, values);
                                break;
                        }
                    }

                    _steps = functions._steps;
                    Incomplete |= functions.Incomplete;
                    break;
                case IInvocationOperation invocation:
                    AddMethod(invocation.TargetMethod, invocation, values);
                    break;
            }

            return values;
        }

        private void AddLambda(IAnonymousFunctionOperation lambda, List<IOperation> values)
        {
            if (FirstVisit(lambda.Symbol))
            {
                AddReturned(lambda.Body, values);
            }
        }

        /// <summary>The values a method or local function of the project returns.</summary>
        private void AddMethod(IMethodSymbol method, IOperation asking, List<IOperation> values)
        {
            method = (method.PartialImplementationPart ?? method).OriginalDefinition;
            if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction) || method.IsAbstract || method.IsExtern || !FirstVisit(method))
            {
                return;
            }

            if (Declaration(method, asking) is ({ } declaration and (MethodDeclarationSyntax or LocalFunctionStatementSyntax), { } model))
            {
                AddReturned(model.GetOperation(declaration), values);
            }
        }

        private bool FirstVisit(ISymbol member)
        {
            _followedMembers ??= new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            return _followedMembers.Add(member);
        }

        /// <summary>
        /// The declaration of a member of the project and a semantic model of its tree: the asking
        /// operation's own, or one <see cref="MemberBodies"/> holds. When neither is at hand the
        /// walk is <see cref="Incomplete"/>.
        /// </summary>
        private (SyntaxNode? Declaration, SemanticModel? Model) Declaration(ISymbol member, IOperation asking)
        {
            if (member.DeclaringSyntaxReferences.Length != 1 || asking.SemanticModel is not { } askingModel)
            {
                return (null, null);
            }

            var reference = member.DeclaringSyntaxReferences[0];
            var model = reference.SyntaxTree == askingModel.SyntaxTree ? askingModel : _members?.ModelOf(reference.SyntaxTree);
            if (model is null)
            {
                Incomplete = true;
                return (null, null);
            }

            return (reference.GetSyntax(), model);
        }

        /// <summary>Every value <paramref name="body"/> returns, leaving out the lambdas and local functions inside it.</summary>
        private static void AddReturned(IOperation? body, List<IOperation> values)
        {
            if (body is null)
            {
                return;
            }

            var pending = new Stack<IOperation>();
            foreach (var child in body.ChildOperations)
            {
                pending.Push(child);
            }

            var found = new List<IOperation>();
            while (pending.Count > 0)
            {
                var operation = pending.Pop();
                if (operation is IReturnOperation { Kind: OperationKind.Return, ReturnedValue: { } returned })
                {
                    found.Add(returned);
                    continue;
                }

                foreach (var child in operation.ChildOperations)
                {
                    if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                    {
                        pending.Push(child);
                    }
                }
            }

            // Source order, so the first source named is the first written.
            found.Sort((left, right) => left.Syntax.SpanStart.CompareTo(right.Syntax.SpanStart));
            values.AddRange(found);
        }

        /// <summary>
        /// Pushes the values written to the referenced local, last first so they pop in source
        /// order. False when the local is unknown (some write, or all of them, cannot be seen).
        /// </summary>
        private bool Follow(ILocalReferenceOperation reference, Stack<IOperation> pending)
        {
            var local = reference.Local;
            _followed ??= new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
            if (!_followed.Add(local))
            {
                return true; // already followed in this walk: its values are offered there
            }

            if (local.IsRef || DeclaringBody(local, reference.SemanticModel) is not { } body)
            {
                return false;
            }

            var values = new List<IOperation>();
            var known = Writes(local, body, values, out _);
            for (var i = values.Count - 1; i >= 0; i--)
            {
                pending.Push(values[i]);
            }

            return known && values.Count > 0;
        }

        /// <summary>
        /// True when the referenced local gets its value from its initialiser and from nothing
        /// else: no assignment of any kind, no <c>++</c>/<c>--</c>, no write through a reference
        /// to it (the locals of <see cref="ValueSources"/>'s rule with one value, written where
        /// declared, and never changed since). For a value that must not change between two points.
        /// </summary>
        public static bool IsWrittenOnlyWhereDeclared(ILocalReferenceOperation reference)
        {
            var local = reference.Local;
            if (local.IsRef || new ValueSources().DeclaringBody(local, reference.SemanticModel) is not { } body)
            {
                return false;
            }

            var values = new List<IOperation>();
            return Writes(local, body, values, out var changedInPlace)
                && !changedInPlace
                && values.Count == 1
                && values[0].Parent is IVariableInitializerOperation;
        }

        /// <summary>
        /// Adds every value written to the local in <paramref name="body"/>, in source order;
        /// <paramref name="changedInPlace"/> when a <c>++</c>/<c>--</c> changes it without a new
        /// value. False when some write cannot be seen.
        /// </summary>
        private static bool Writes(ILocalSymbol local, IOperation body, List<IOperation> values, out bool changedInPlace)
        {
            var known = true;
            changedInPlace = false;
            foreach (var operation in body.Descendants())
            {
                switch (operation)
                {
                    case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local):
                        if (declarator.Initializer is { } initializer)
                        {
                            values.Add(initializer.Value);
                        }

                        break;
                    case ILocalReferenceOperation use when SymbolEqualityComparer.Default.Equals(use.Local, local):
                        known &= AddWrite(use, values);
                        changedInPlace |= use.Parent is IIncrementOrDecrementOperation;
                        break;
                    case IDeclarationPatternOperation pattern when SymbolEqualityComparer.Default.Equals(pattern.DeclaredSymbol, local):
                    case IRecursivePatternOperation recursive when SymbolEqualityComparer.Default.Equals(recursive.DeclaredSymbol, local):
                    case IListPatternOperation list when SymbolEqualityComparer.Default.Equals(list.DeclaredSymbol, local):
                        known = false;
                        break;
                }
            }

            return known;
        }

        /// <summary>
        /// Adds the value a use of the local writes, if it writes one. False when it writes a
        /// value that cannot be seen (or lets other code write through a reference to it).
        /// </summary>
        private static bool AddWrite(ILocalReferenceOperation use, List<IOperation> values)
        {
            if (use.IsDeclaration)
            {
                return false; // out var, var (a, b) = ...
            }

            switch (use.Parent)
            {
                case ISimpleAssignmentOperation assignment when assignment.Target == use:
                    if (assignment.IsRef)
                    {
                        return false;
                    }

                    values.Add(assignment.Value);
                    return true;
                case ISimpleAssignmentOperation { IsRef: true }: // r = ref x
                case IAddressOfOperation:
                case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol.RefKind: RefKind.Ref } }: // ref var r = ref x
                    return false;
                case ICompoundAssignmentOperation compound when compound.Target == use:
                    values.Add(compound.Value);
                    return true;
                case ICoalesceAssignmentOperation coalesce when coalesce.Target == use:
                    values.Add(coalesce.Value);
                    return true;
                case IArgumentOperation argument:
                    return argument.Parameter?.RefKind is not (RefKind.Ref or RefKind.Out);
            }

            // (a, b) = ...: the local sits in the tuple being assigned to.
            IOperation current = use;
            while (current.Parent is ITupleOperation tuple)
            {
                current = tuple;
            }

            return !(current.Parent is IDeconstructionAssignmentOperation deconstruction && deconstruction.Target == current);
        }

        /// <summary>
        /// The operation tree that holds the local's whole scope: the outermost operation above
        /// its declaration within one member (a method, accessor or constructor body, a field
        /// initialiser, the top-level statements), read from the reference's own semantic model
        /// for the same syntax tree. Null when there is no model or the declaration is elsewhere.
        /// </summary>
        private IOperation? DeclaringBody(ILocalSymbol local, SemanticModel? model)
        {
            if (model is null || local.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var declaration = local.DeclaringSyntaxReferences[0];
            if (declaration.SyntaxTree != model.SyntaxTree)
            {
                return null;
            }

            var syntax = declaration.GetSyntax();
            if (_lastBody is { } last && last.Syntax.SyntaxTree == syntax.SyntaxTree && last.Syntax.Span.Contains(syntax.Span))
            {
                return last; // a tree that holds the declaration holds the local's scope
            }

            IOperation? body = null;
            for (var node = syntax; node is not null; node = node.Parent)
            {
                if (model.GetOperation(node) is { } operation)
                {
                    body = operation;
                }

                if (node is MemberDeclarationSyntax and not GlobalStatementSyntax)
                {
                    break;
                }
            }

            _lastBody = body;
            return body;
        }
    }
}
