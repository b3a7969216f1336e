using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Seeding.Analyzers.Flow
{
    /// <summary>What becomes of a value at one place it is written or read.</summary>
    internal enum SinkKind
    {
        /// <summary>
        /// Kept by a symbol of the project whose own reads say what happens next: a local, field,
        /// property or parameter it is written to (an argument of the project's own method or
        /// constructor is written to that parameter), or the method, local function or property
        /// getter that returns it.
        /// </summary>
        Stored,

        /// <summary>The receiver or an argument of a member the project does not declare (a library's).</summary>
        Library,

        /// <summary>Where the value goes cannot be followed: a lambda's return value, an array, a tuple, a <c>ref</c>, another type.</summary>
        Escape,
    }

    /// <summary>One place a value goes, with the operation that takes it there.</summary>
    internal readonly struct ValueSink
    {
        public ValueSink(SinkKind kind, IOperation operation, ISymbol? holder = null)
        {
            Kind = kind;
            Operation = operation;
            Holder = holder;
        }

        public SinkKind Kind { get; }

        /// <summary>The operation that stores, uses or loses the value (for a <see cref="SinkKind.Library"/> sink: the member access or call).</summary>
        public IOperation Operation { get; }

        /// <summary>For <see cref="SinkKind.Stored"/>: the symbol that keeps it (an original definition).</summary>
        public ISymbol? Holder { get; }
    }

    /// <summary>
    /// Where a value goes from one operation that produces it: the forward counterpart of
    /// <see cref="ValueSources"/>. Each read of a local, field, property or parameter, each call
    /// of a method that returns the value, and each creation of it is asked once; a rule joins the
    /// answers into a graph over symbols and decides over the whole program.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The value is followed upwards through what keeps it the same value: conversions to a type
    /// that still <em>carries</em> it (the caller says which types do), parentheses, <c>?:</c>
    /// arms, <c>??</c>, <c>switch</c> expression arms, <c>?.</c>, and an assignment used as a value.
    /// It ends at a <see cref="SinkKind.Stored"/>, <see cref="SinkKind.Library"/> or
    /// <see cref="SinkKind.Escape"/> sink, or nowhere when it is dropped (an expression statement, <c>nameof</c>)
    /// or only compared (<c>==</c>, <c>is null</c>, <c>is not null</c>). Anything else is an escape: a false
    /// alarm is cheaper than a silent miss.
    /// </para>
    /// <para>
    /// A member read from the value (<c>ml.Data</c>) that is of a carrying type is the same
    /// value; any other member access or call on it is a <see cref="SinkKind.Library"/> sink
    /// when the member is a library's, and an escape otherwise.
    /// </para>
    /// </remarks>
    internal static class ValueSinks
    {
        /// <summary>Operations one question climbs before it gives up (and calls the value escaped).</summary>
        public const int MaxSteps = 64;

        /// <summary>
        /// Adds where <paramref name="value"/> goes to <paramref name="sinks"/>. <paramref name="owner"/>
        /// is the symbol whose body holds the operation (a return from it stores into it).
        /// </summary>
        public static void Of(IOperation value, ISymbol? owner, Func<ITypeSymbol?, bool> carries, List<ValueSink> sinks)
        {
            var current = value;
            for (var step = 0; step < MaxSteps; step++)
            {
                var parent = current.Parent;
                switch (parent)
                {
                    case IConversionOperation conversion:
                        if (conversion.Parent is IBinaryOperation)
                        {
                            return; // ml == null: only compared
                        }

                        if (!carries(conversion.Type))
                        {
                            sinks.Add(new ValueSink(SinkKind.Escape, conversion));
                            return;
                        }

                        current = parent;
                        continue;
                    case IParenthesizedOperation:
                    case ICoalesceOperation:
                    case IConditionalOperation conditional when conditional.Condition != current:
                        current = parent;
                        continue;
                    case ISwitchExpressionArmOperation arm when arm.Value == current && arm.Parent is { } switchExpression:
                        current = switchExpression;
                        continue;
                    case IConditionalAccessOperation access when access.Operation == current:
                        if (ConditionalInstance(access.WhenNotNull) is not { } instance)
                        {
                            sinks.Add(new ValueSink(SinkKind.Escape, access));
                            return;
                        }

                        current = instance;
                        continue;
                    case IPropertyReferenceOperation property when property.Instance == current:
                        if (IsInSource(property.Property))
                        {
                            sinks.Add(new ValueSink(SinkKind.Escape, property));
                            return;
                        }

                        if (carries(property.Type) && !IsWritten(property))
                        {
                            current = property;
                            continue;
                        }

                        sinks.Add(new ValueSink(SinkKind.Library, property));
                        return;
                    case IInvocationOperation invocation when invocation.Instance == current:
                        sinks.Add(new ValueSink(IsInSource(invocation.TargetMethod) ? SinkKind.Escape : SinkKind.Library, invocation));
                        return;
                    case IMemberReferenceOperation member when member.Instance == current:
                        sinks.Add(new ValueSink(IsInSource(member.Member) ? SinkKind.Escape : SinkKind.Library, member));
                        return;
                    case IArgumentOperation argument:
                        sinks.Add(IntoArgument(argument));
                        return;
                    case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                        sinks.Add(declarator.Symbol.IsRef
                            ? new ValueSink(SinkKind.Escape, declarator)
                            : new ValueSink(SinkKind.Stored, declarator, declarator.Symbol));
                        return;
                    case IFieldInitializerOperation fieldInitializer:
                        foreach (var field in fieldInitializer.InitializedFields)
                        {
                            sinks.Add(new ValueSink(SinkKind.Stored, fieldInitializer, field.OriginalDefinition));
                        }

                        return;
                    case IPropertyInitializerOperation propertyInitializer:
                        foreach (var initialized in propertyInitializer.InitializedProperties)
                        {
                            sinks.Add(new ValueSink(SinkKind.Stored, propertyInitializer, initialized.OriginalDefinition));
                        }

                        return;
                    case ISimpleAssignmentOperation assignment when assignment.Value == current:
                        sinks.Add(IntoTarget(assignment));
                        if (assignment.Parent is IExpressionStatementOperation)
                        {
                            return;
                        }

                        current = assignment; // a = b = value: the assignment's own value goes on
                        continue;
                    case IReturnOperation { Kind: OperationKind.Return } returned when returned.ReturnedValue == current:
                        sinks.Add(FunctionOf(returned, owner) is { } function
                            ? new ValueSink(SinkKind.Stored, returned, function)
                            : new ValueSink(SinkKind.Escape, returned));
                        return;
                    case IExpressionStatementOperation:
                    case INameOfOperation:
                    case IBinaryOperation:
                    case IIsPatternOperation { Pattern: IConstantPatternOperation or INegatedPatternOperation { Pattern: IConstantPatternOperation } }:
                        return; // dropped, or only compared
                    case null:
                        sinks.Add(new ValueSink(SinkKind.Escape, current));
                        return;
                    default:
                        sinks.Add(new ValueSink(SinkKind.Escape, parent));
                        return;
                }
            }

            sinks.Add(new ValueSink(SinkKind.Escape, current));
        }

        /// <summary>True for a symbol the project declares (its own code), false for a library's.</summary>
        public static bool IsInSource(ISymbol symbol)
            => !symbol.Locations.IsEmpty && symbol.Locations[0].IsInSource;

        /// <summary>The parameter of the project's own method or constructor, or the library call, the argument goes to.</summary>
        private static ValueSink IntoArgument(IArgumentOperation argument)
        {
            var call = argument.Parent;
            var method = call switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                IObjectCreationOperation creation => creation.Constructor,
                _ => null,
            };
            if (call is null
                || method is null
                || argument.Parameter is not { } parameter
                || argument.ArgumentKind == ArgumentKind.ParamArray
                || parameter.RefKind is not (RefKind.None or RefKind.In))
            {
                return new ValueSink(SinkKind.Escape, (IOperation?)call ?? argument);
            }

            return IsInSource(method)
                ? new ValueSink(SinkKind.Stored, argument, parameter.OriginalDefinition)
                : new ValueSink(SinkKind.Library, call);
        }

        /// <summary>The local, field, property or parameter assigned to; an escape for anything else (array elements, a library's property).</summary>
        private static ValueSink IntoTarget(ISimpleAssignmentOperation assignment)
        {
            ISymbol? holder = assignment.IsRef ? null : assignment.Target switch
            {
                ILocalReferenceOperation local when !local.Local.IsRef => local.Local,
                IParameterReferenceOperation parameter when parameter.Parameter.RefKind == RefKind.None => parameter.Parameter.OriginalDefinition,
                IFieldReferenceOperation field when IsInSource(field.Field) => field.Field.OriginalDefinition,
                IPropertyReferenceOperation property when IsInSource(property.Property) => property.Property.OriginalDefinition,
                _ => null,
            };

            return holder is null
                ? new ValueSink(SinkKind.Escape, assignment)
                : new ValueSink(SinkKind.Stored, assignment, holder);
        }

        /// <summary>
        /// What a return stores into: the local function or method it returns from (a property's
        /// getter returns into the property); null from a lambda, whose callers are unknown.
        /// </summary>
        private static ISymbol? FunctionOf(IReturnOperation returned, ISymbol? owner)
        {
            for (var node = returned.Parent; node is not null; node = node.Parent)
            {
                switch (node)
                {
                    case IAnonymousFunctionOperation:
                        return null;
                    case ILocalFunctionOperation localFunction:
                        return localFunction.Symbol.OriginalDefinition;
                }
            }

            return owner switch
            {
                IMethodSymbol { MethodKind: MethodKind.PropertyGet, AssociatedSymbol: { } property } => property.OriginalDefinition,
                IMethodSymbol method => method.OriginalDefinition,
                _ => null,
            };
        }

        /// <summary>A property being assigned to (<c>x.P = ...</c>) is written, not read.</summary>
        private static bool IsWritten(IPropertyReferenceOperation property)
            => property.Parent is IAssignmentOperation assignment && assignment.Target == property;

        /// <summary>The placeholder for the receiver inside the part after <c>?.</c>, outside nested <c>?.</c>.</summary>
        private static IOperation? ConditionalInstance(IOperation whenNotNull)
        {
            var pending = new Stack<IOperation>();
            pending.Push(whenNotNull);
            while (pending.Count > 0)
            {
                var operation = pending.Pop();
                if (operation is IConditionalAccessInstanceOperation)
                {
                    return operation;
                }

                foreach (var child in operation.ChildOperations)
                {
                    if (child is IConditionalAccessOperation nested)
                    {
                        pending.Push(nested.Operation); // the instance of a?.b?.c belongs to the inner receiver
                        continue;
                    }

                    pending.Push(child);
                }
            }

            return null;
        }
    }
}
