using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.Flow;
using Seeding.Analyzers.Knowledge;

namespace Seeding.Analyzers.Rules
{
    /// <summary>How the work items of a parallel construct share the System.Random a draw uses.</summary>
    internal enum Sharing
    {
        /// <summary>Each work item has its own, or we cannot tell.</summary>
        NotShared,

        /// <summary>One instance that existed before the work started: every work item draws from it.</summary>
        OneInstance,

        /// <summary>One instance per thread (<c>ThreadLocal&lt;Random&gt;</c>, <c>[ThreadStatic]</c>), each created with the same seed.</summary>
        SameSeedPerThread,
    }

    /// <summary>
    /// SEED008's one rule for "does this value exist before the work item starts?", asked about
    /// the receivers of System.Random draws written in a parallel body (and in the local
    /// functions it calls). The body is a set of spans: what is created, declared or bound inside
    /// them is the work item's own; everything else is shared.
    /// </summary>
    /// <remarks>
    /// A value is followed to its sources with <see cref="ValueSources"/>. It exists before the
    /// work item when one of its sources is: an object created outside the spans; a local or
    /// parameter declared outside them whose value cannot be followed; <c>this</c>; a static field
    /// or property (except <c>Random.Shared</c>, thread-safe and SEED001's business, and
    /// <c>[ThreadStatic]</c> fields, one per thread); an instance field or property of a value that
    /// itself exists before the work item (<c>ThreadLocal&lt;T&gt;.Value</c> excepted: one per
    /// thread). A call's result is not followed: the rule does not guess what a factory returns.
    /// </remarks>
    internal sealed class GeneratorSharing
    {
        private const int MaxDepth = 8;

        private readonly SystemRandomSymbols _random;
        private readonly ParallelSymbols _parallel;
        private readonly List<Microsoft.CodeAnalysis.Text.TextSpan> _inside = new List<Microsoft.CodeAnalysis.Text.TextSpan>();
        private readonly SyntaxTree _tree;

        public GeneratorSharing(SystemRandomSymbols random, ParallelSymbols parallel, SyntaxNode body)
        {
            _random = random;
            _parallel = parallel;
            _tree = body.SyntaxTree;
            _inside.Add(body.Span);
        }

        /// <summary>Code that runs as part of the work item although it is written elsewhere (a local function it calls).</summary>
        public void AddInside(SyntaxNode node) => _inside.Add(node.Span);

        /// <summary>True for an instance method of System.Random (or a type derived from it): a draw.</summary>
        public bool IsDraw(IMethodSymbol method)
            => !method.IsStatic && method.MethodKind == MethodKind.Ordinary && IsRandom(method.ContainingType);

        public bool IsRandom(ITypeSymbol? type)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current, _random.Type))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>How the generator <paramref name="receiver"/> evaluates to is shared by the work items.</summary>
        public Sharing Of(IOperation receiver)
        {
            var unwrapped = Unwrap(receiver);
            if (unwrapped is ICoalesceAssignmentOperation { Target: IFieldReferenceOperation lazilyCreated })
            {
                unwrapped = lazilyCreated; // (t_random ??= new Random(seed)).Next()
            }

            if (unwrapped is IPropertyReferenceOperation { Instance: { } holder } property && IsThreadLocalValue(property.Property))
            {
                return ThreadLocalHasFixedSeed(holder) ? Sharing.SameSeedPerThread : Sharing.NotShared;
            }

            if (unwrapped is IFieldReferenceOperation field && IsThreadStatic(field.Field))
            {
                return ThreadStaticHasFixedSeed(field) ? Sharing.SameSeedPerThread : Sharing.NotShared;
            }

            return ExistsBefore(receiver, 0) ? Sharing.OneInstance : Sharing.NotShared;
        }

        /// <summary>
        /// How the generator a called method of the project draws from is shared, seen from the call in
        /// the work item: a static field or property is shared (per-thread ones as in <see cref="Of"/>);
        /// a field or property of <c>this</c> is shared when the object called exists before the work
        /// item; a parameter is shared when the argument passed is. Anything else is not followed.
        /// </summary>
        public Sharing OfCallee(IOperation receiverInCallee, IOperation? callInstance, ImmutableArray<IArgumentOperation> callArguments)
        {
            switch (Unwrap(receiverInCallee))
            {
                case IParameterReferenceOperation parameter:
                    foreach (var argument in callArguments)
                    {
                        if (SymbolEqualityComparer.Default.Equals(argument.Parameter?.OriginalDefinition, parameter.Parameter.OriginalDefinition))
                        {
                            return Of(argument.Value);
                        }
                    }

                    return Sharing.NotShared;
                case IFieldReferenceOperation { Instance: IInstanceReferenceOperation }:
                case IPropertyReferenceOperation { Instance: IInstanceReferenceOperation }:
                    return callInstance is not null && ExistsBefore(callInstance, 0) ? Sharing.OneInstance : Sharing.NotShared;
                case IFieldReferenceOperation { Field.IsStatic: true }:
                case IPropertyReferenceOperation { Property.IsStatic: true }:
                    return Of(receiverInCallee);
                default:
                    return Sharing.NotShared;
            }
        }

        /// <summary>True when some source of <paramref name="value"/> exists before the work item starts (see the remarks).</summary>
        public bool ExistsBefore(IOperation value, int depth)
        {
            if (depth > MaxDepth)
            {
                return false;
            }

            foreach (var leaf in new ValueSources().LeavesOf(value))
            {
                if (LeafExistsBefore(leaf, depth))
                {
                    return true;
                }
            }

            return false;
        }

        private bool LeafExistsBefore(IOperation leaf, int depth)
        {
            switch (leaf)
            {
                case IInstanceReferenceOperation:
                    return true;
                case ILocalReferenceOperation local:
                    return !DeclaredInside(local.Local); // a local whose values cannot be followed
                case IParameterReferenceOperation parameter:
                    return !DeclaredInside(parameter.Parameter);
                case IObjectCreationOperation or IArrayCreationOperation or IAnonymousObjectCreationOperation:
                    return !IsInside(leaf.Syntax);
                case IFieldReferenceOperation field:
                    if (IsThreadStatic(field.Field))
                    {
                        return false;
                    }

                    return field.Field.IsStatic || (field.Instance is { } fieldHolder && ExistsBefore(fieldHolder, depth + 1));
                case IPropertyReferenceOperation property:
                    if (SymbolEqualityComparer.Default.Equals(property.Property, _random.Shared) || IsThreadLocalValue(property.Property))
                    {
                        return false;
                    }

                    return property.Property.IsStatic || (property.Instance is { } propertyHolder && ExistsBefore(propertyHolder, depth + 1));
                default:
                    return false;
            }
        }

        /// <summary>True when every source of a seed value is the same on every thread: constants, fields, parameters.</summary>
        public static bool IsFixedSeed(IOperation value)
        {
            var any = false;
            foreach (var leaf in new ValueSources().LeavesOf(value))
            {
                any = true;
                var isFixed = leaf.ConstantValue.HasValue
                    || leaf is IParameterReferenceOperation
                    || (leaf is IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation });
                if (!isFixed)
                {
                    return false;
                }
            }

            return any;
        }

        private bool IsInside(SyntaxNode node)
        {
            if (node.SyntaxTree != _tree)
            {
                return false;
            }

            foreach (var span in _inside)
            {
                if (span.Contains(node.Span))
                {
                    return true;
                }
            }

            return false;
        }

        private bool DeclaredInside(ISymbol symbol)
        {
            foreach (var reference in symbol.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == _tree && IsInside(reference.GetSyntax()))
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsThreadLocalValue(IPropertySymbol property)
            => property.Name == "Value"
                && SymbolEqualityComparer.Default.Equals(property.ContainingType?.OriginalDefinition, _parallel.ThreadLocal);

        private bool IsThreadStatic(IFieldSymbol field)
        {
            if (!field.IsStatic || _parallel.ThreadStaticAttribute is null)
            {
                return false;
            }

            foreach (var attribute in field.GetAttributes())
            {
                if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, _parallel.ThreadStaticAttribute))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A ThreadLocal whose value factory returns <c>new Random(seed)</c> with a fixed seed.</summary>
        private bool ThreadLocalHasFixedSeed(IOperation holder)
        {
            foreach (var leaf in new ValueSources().LeavesOf(holder))
            {
                var creation = leaf switch
                {
                    IObjectCreationOperation created => created,
                    IFieldReferenceOperation field => Unwrap(FieldInitializer(field.Field, leaf.SemanticModel)) as IObjectCreationOperation,
                    _ => null,
                };
                if (creation is null)
                {
                    continue;
                }

                foreach (var argument in creation.Arguments)
                {
                    if (Unwrap(argument.Value) is IAnonymousFunctionOperation factory && ReturnsFixedSeedRandom(factory))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private bool ReturnsFixedSeedRandom(IAnonymousFunctionOperation factory)
        {
            foreach (var operation in factory.Body.Descendants())
            {
                if (operation is IReturnOperation { ReturnedValue: { } returned } && IsFixedSeedCreation(returned))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A [ThreadStatic] generator assigned <c>new Random(seed)</c> with a fixed seed, in its initialiser or anywhere in its type (in this file).</summary>
        private bool ThreadStaticHasFixedSeed(IFieldReferenceOperation reference)
        {
            var model = reference.SemanticModel;
            if (model is null)
            {
                return false;
            }

            if (FieldInitializer(reference.Field, model) is { } initial && IsFixedSeedCreation(initial))
            {
                return true;
            }

            foreach (var declaration in reference.Field.ContainingType.DeclaringSyntaxReferences)
            {
                if (declaration.SyntaxTree != model.SyntaxTree)
                {
                    continue;
                }

                foreach (var node in declaration.GetSyntax().DescendantNodes())
                {
                    if (node is AssignmentExpressionSyntax assignment
                        && model.GetOperation(assignment) is IAssignmentOperation { Target: IFieldReferenceOperation target } written
                        && SymbolEqualityComparer.Default.Equals(target.Field, reference.Field)
                        && IsFixedSeedCreation(written.Value))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private bool IsFixedSeedCreation(IOperation value)
        {
            foreach (var leaf in new ValueSources().LeavesOf(value))
            {
                if (leaf is IObjectCreationOperation { Constructor: { Parameters.Length: 1 } constructor, Arguments.Length: 1 } creation
                    && IsRandom(constructor.ContainingType)
                    && IsFixedSeed(creation.Arguments[0].Value))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The value a field is initialised with, when its declaration is in the model's tree.</summary>
        internal static IOperation? FieldInitializer(IFieldSymbol field, SemanticModel? model)
        {
            if (model is null)
            {
                return null;
            }

            foreach (var reference in field.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == model.SyntaxTree
                    && reference.GetSyntax() is VariableDeclaratorSyntax { Initializer: { } initializer }
                    && model.GetOperation(initializer) is IFieldInitializerOperation operation)
                {
                    return operation.Value;
                }
            }

            return null;
        }

        /// <summary>The lambda, method group or value behind conversions, parentheses and delegate creation (null stays null).</summary>
        internal static IOperation? Unwrap(IOperation? operation) => operation is null ? null : Summarizer.Unwrap(operation);
    }
}
