using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
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
    /// <b>Termination.</b> A walk follows each local once: a local met again (<c>x = x + 1</c>)
    /// adds nothing, since the walk that first followed it offers its values. A walk takes at
    /// most <see cref="MaxSteps"/> operations and then stops; what it has not offered by then is
    /// not a source. The walk is iterative, so a long expression cannot overflow the stack.
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

        private HashSet<ILocalSymbol>? _followed;
        private IOperation? _lastBody;
        private int _steps;

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
        public IEnumerable<IOperation> LeavesOf(IOperation value)
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
                        break;
                }
            }
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
            var known = true;
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
                        break;
                    case IDeclarationPatternOperation pattern when SymbolEqualityComparer.Default.Equals(pattern.DeclaredSymbol, local):
                    case IRecursivePatternOperation recursive when SymbolEqualityComparer.Default.Equals(recursive.DeclaredSymbol, local):
                    case IListPatternOperation list when SymbolEqualityComparer.Default.Equals(list.DeclaredSymbol, local):
                        known = false;
                        break;
                }
            }

            for (var i = values.Count - 1; i >= 0; i--)
            {
                pending.Push(values[i]);
            }

            return known && values.Count > 0;
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
