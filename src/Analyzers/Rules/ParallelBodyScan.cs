using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.Flow;
using Seeding.Analyzers.Knowledge;

namespace Seeding.Analyzers.Rules
{
    /// <summary>
    /// SEED008's look at one delegate a parallel construct runs: every draw written in it (and in
    /// its nested lambdas, which run as part of it), every local function it calls (scanned as
    /// part of it), and every call of the project's own methods: a method's own System.Random
    /// draws are judged one call deep (<see cref="GeneratorSharing.OfCallee"/>), its draws from
    /// TorchSharp's generator at any depth by the Flow engine. A parallel construct nested inside
    /// is left to its own scan, so a draw is reported once, for the construct that runs it.
    /// </summary>
    internal sealed class ParallelBodyScan
    {
        private const string OneInstance = ", one System.Random that every work item shares";
        private const string SameSeed = ", a Random each thread creates with the same seed";
        private const string OneTorchGenerator = ", one torch.Generator that every work item shares";
        private const string OneInstanceAdvice = "which item draws next is up to the scheduler, and concurrent draws corrupt it; "
            + "give each work item its own Random seeded from the seed and its index";

        private const string SameSeedAdvice = "which items each thread takes is up to the partitioner; "
            + "seed one generator per work item from the seed and its index";

        private const string NoGeneratorAdvice = "the order of draws across threads is up to the scheduler, and this call takes no generator: "
            + "make it before the parallel work starts (build models first, then hand them to the work items)";

        private readonly SharedGeneratorAcrossThreadsAnalyzer.Rule _rule;
        private readonly OperationAnalysisContext _context;
        private readonly string _construct;
        private readonly IOperation _body;
        private readonly IMethodSymbol? _constructMethod;
        private readonly GeneratorSharing _sharing;
        private readonly HashSet<IMethodSymbol> _localFunctions = new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default);

        public ParallelBodyScan(SharedGeneratorAcrossThreadsAnalyzer.Rule rule, OperationAnalysisContext context, IOperation call, string construct, IOperation body)
        {
            _rule = rule;
            _context = context;
            _construct = construct;
            _body = body;
            _constructMethod = (call as IInvocationOperation)?.TargetMethod;
            _sharing = new GeneratorSharing(rule.Random, rule.Parallel, body.Syntax);
        }

        /// <summary>The delegates an argument hands over: a lambda or method group, or each of those in a <c>params</c> array (<c>Parallel.Invoke</c>).</summary>
        public static IEnumerable<IOperation> Delegates(IArgumentOperation argument)
        {
            switch (argument.Parameter?.Type)
            {
                case INamedTypeSymbol { TypeKind: TypeKind.Delegate }:
                    if (AsDelegate(argument.Value) is { } single)
                    {
                        yield return single;
                    }

                    break;
                case IArrayTypeSymbol { ElementType.TypeKind: TypeKind.Delegate }:
                    if (argument.Value is IArrayCreationOperation { Initializer: { } initializer })
                    {
                        foreach (var element in initializer.ElementValues)
                        {
                            if (AsDelegate(element) is { } item)
                            {
                                yield return item;
                            }
                        }
                    }

                    break;
            }
        }

        private static IOperation? AsDelegate(IOperation value)
            => GeneratorSharing.Unwrap(value) is { } target && target is IAnonymousFunctionOperation or IMethodReferenceOperation ? target : null;

        public void Run()
        {
            switch (_body)
            {
                case IAnonymousFunctionOperation lambda:
                    Scan(lambda.Body, fixable: true);
                    break;
                case IMethodReferenceOperation { Instance: { } receiver } reference when _sharing.IsDraw(reference.Method):
                    // Task.Run(rng.NextDouble): the work item is the draw itself.
                    if (_sharing.Of(receiver) is var sharing && sharing != Sharing.NotShared)
                    {
                        ReportRandom(reference, receiver, sharing, null);
                    }

                    break;
                case IMethodReferenceOperation reference when Summarizer.IsInSource(reference.Method):
                    OwnCall(reference, reference.Method, reference.Instance, ImmutableArray<IArgumentOperation>.Empty);
                    break;
            }
        }

        private void Scan(IOperation root, bool fixable)
        {
            var pending = new Stack<IOperation>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                _context.CancellationToken.ThrowIfCancellationRequested();
                var operation = pending.Pop();
                switch (operation)
                {
                    case IInvocationOperation invocation when _rule.Parallel.ConstructName(invocation.TargetMethod) is not null:
                        PushAllButDelegates(invocation.Instance, invocation.Arguments, pending);
                        continue;
                    case IObjectCreationOperation { Constructor: { } constructor } creation when _rule.Parallel.ConstructName(constructor) is not null:
                        PushAllButDelegates(null, creation.Arguments, pending);
                        continue;
                    case IInvocationOperation invocation:
                        Invocation(invocation, fixable);
                        break;
                    case IObjectCreationOperation creation:
                        Creation(creation);
                        break;
                    case IPropertyReferenceOperation property:
                        Accessor(property);
                        break;
                }

                foreach (var child in operation.ChildOperations)
                {
                    pending.Push(child);
                }
            }
        }

        private static void PushAllButDelegates(IOperation? instance, ImmutableArray<IArgumentOperation> arguments, Stack<IOperation> pending)
        {
            if (instance is not null)
            {
                pending.Push(instance);
            }

            foreach (var argument in arguments)
            {
                var hasDelegates = false;
                foreach (var _ in Delegates(argument))
                {
                    hasDelegates = true;
                    break;
                }

                if (!hasDelegates)
                {
                    pending.Push(argument);
                }
            }
        }

        private void Invocation(IInvocationOperation invocation, bool fixable)
        {
            var method = invocation.TargetMethod;
            if (_sharing.IsDraw(method))
            {
                if (invocation.Instance is { } receiver && _sharing.Of(receiver) is var sharing && sharing != Sharing.NotShared)
                {
                    ReportRandom(invocation, receiver, sharing, fixable ? FixProperties(receiver) : null);
                }

                return;
            }

            if (_rule.Knowledge.HasTorchSharp && _rule.Knowledge.TorchGlobalDraw(invocation) is { } entry)
            {
                ReportTorch(invocation, entry);
                return;
            }

            if (SharedTorchGenerator(method, invocation.Arguments) is { } shared)
            {
                Report(invocation, SharedGeneratorAcrossThreadsAnalyzer.Quote(shared.Syntax.ToString()) + OneTorchGenerator, SharedGeneratorAcrossThreadsAnalyzer.TorchAdvice, null);
                return;
            }

            if (method.MethodKind == MethodKind.LocalFunction)
            {
                LocalFunction(method.OriginalDefinition);
            }
            else if (Summarizer.IsInSource(method))
            {
                OwnCall(invocation, method, invocation.Instance, invocation.Arguments);
            }
        }

        /// <summary>The <c>generator:</c> argument of a TorchSharp draw when it is one torch.Generator that existed before the work item.</summary>
        private IOperation? SharedTorchGenerator(IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments)
        {
            if (!_rule.Knowledge.HasTorchSharp || _rule.Knowledge.Find(method) is not { Role: RandomnessRole.Consumer, AcceptsGenerator: true })
            {
                return null;
            }

            foreach (var argument in arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.DefaultValue
                    && SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type.OriginalDefinition, _rule.Knowledge.TorchGenerator)
                    && _sharing.ExistsBefore(argument.Value, 0))
                {
                    return argument.Value;
                }
            }

            return null;
        }

        private void Creation(IObjectCreationOperation creation)
        {
            if (_rule.Knowledge.HasTorchSharp && _rule.Knowledge.TorchGlobalDraw(creation) is { } entry)
            {
                ReportTorch(creation, entry);
            }
            else if (_rule.Program is { } program && creation.Constructor is { } constructor && Summarizer.IsInSource(constructor))
            {
                var targets = Summarizer.ConstructorTargets(constructor, program.Keys);
                if (!targets.IsEmpty)
                {
                    _rule.CheckTorchCall(new SharedGeneratorAcrossThreadsAnalyzer.TorchCall(creation.Syntax.GetLocation(), creation.Syntax.ToString(), targets, false, _construct), _context.ReportDiagnostic);
                }
            }
        }

        /// <summary>A property of the project's: its getter (or setter, assigned to) may draw from TorchSharp's generator.</summary>
        private void Accessor(IPropertyReferenceOperation reference)
        {
            var assigned = reference.Parent is IAssignmentOperation assignment && assignment.Target == reference;
            if ((assigned ? reference.Property.SetMethod : reference.Property.GetMethod) is { } accessor && Summarizer.IsInSource(accessor))
            {
                TorchCall(reference, accessor, reference.Instance);
            }
        }

        /// <summary>A local function called from the work item runs as part of it: scanned once, as if written here.</summary>
        private void LocalFunction(IMethodSymbol function)
        {
            if (!_localFunctions.Add(function) || _body.SemanticModel is not { } model)
            {
                return;
            }

            foreach (var reference in function.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == model.SyntaxTree
                    && reference.GetSyntax(_context.CancellationToken) is LocalFunctionStatementSyntax declaration
                    && model.GetOperation(declaration, _context.CancellationToken) is ILocalFunctionOperation { } operation
                    && (operation.Body ?? operation.IgnoredBody) is { } body)
                {
                    _sharing.AddInside(declaration);
                    Scan(body, fixable: false);
                }
            }
        }

        /// <summary>A method of the project's called from the work item (or handed over as a method group).</summary>
        private void OwnCall(IOperation site, IMethodSymbol method, IOperation? instance, ImmutableArray<IArgumentOperation> arguments)
        {
            if (FirstSharedDraw(method, instance, arguments) is { } found)
            {
                var (draw, receiver, sharing) = found;
                var line = draw.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                var generator = SharedGeneratorAcrossThreadsAnalyzer.Quote(receiver.Syntax.ToString())
                    + (sharing == Sharing.OneInstance ? OneInstance : SameSeed)
                    + " (through " + SharedGeneratorAcrossThreadsAnalyzer.Quote(draw.Syntax.ToString()) + ", line " + line.ToString(CultureInfo.InvariantCulture) + ")";
                Report(site, generator, sharing == Sharing.OneInstance ? OneInstanceAdvice : SameSeedAdvice, null);
                return;
            }

            TorchCall(site, method, instance);
        }

        /// <summary>The first System.Random draw in the method's own code (declared in this file) whose generator the work items share.</summary>
        private (IInvocationOperation Draw, IOperation Receiver, Sharing Sharing)? FirstSharedDraw(
            IMethodSymbol method, IOperation? instance, ImmutableArray<IArgumentOperation> arguments)
        {
            if (_body.SemanticModel is not { } model)
            {
                return null;
            }

            foreach (var reference in method.OriginalDefinition.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree != model.SyntaxTree
                    || reference.GetSyntax(_context.CancellationToken) is not BaseMethodDeclarationSyntax declaration
                    || model.GetOperation(declaration, _context.CancellationToken) is not { } body)
                {
                    continue;
                }

                foreach (var operation in body.Descendants())
                {
                    if (operation is IInvocationOperation { Instance: { } receiver } draw
                        && _sharing.IsDraw(draw.TargetMethod)
                        && _sharing.OfCallee(receiver, instance, arguments) is var sharing
                        && sharing != Sharing.NotShared)
                    {
                        return (draw, receiver, sharing);
                    }
                }
            }

            return null;
        }

        private void TorchCall(IOperation site, IMethodSymbol method, IOperation? instance)
        {
            if (_rule.Program is not { } program || program.Keys.Of(method) is not { } key)
            {
                return;
            }

            var dispatch = instance is not null
                && !(instance is IInstanceReferenceOperation && instance.Syntax is BaseExpressionSyntax)
                && (method.IsVirtual || method.IsAbstract || method.IsOverride || method.ContainingType?.TypeKind == TypeKind.Interface);
            _rule.CheckTorchCall(
                new SharedGeneratorAcrossThreadsAnalyzer.TorchCall(site.Syntax.GetLocation(), site.Syntax.ToString(), program.Keys.Alone(key), dispatch, _construct),
                _context.ReportDiagnostic);
        }

        private void ReportRandom(IOperation draw, IOperation receiver, Sharing sharing, ImmutableDictionary<string, string?>? properties)
        {
            var generator = SharedGeneratorAcrossThreadsAnalyzer.Quote(receiver.Syntax.ToString()) + (sharing == Sharing.OneInstance ? OneInstance : SameSeed);
            Report(draw, generator, sharing == Sharing.OneInstance ? OneInstanceAdvice : SameSeedAdvice, properties);
        }

        private void ReportTorch(IOperation draw, InventoryEntry entry)
            => Report(
                draw,
                SharedGeneratorAcrossThreadsAnalyzer.TorchGenerator,
                entry.AcceptsGenerator ? SharedGeneratorAcrossThreadsAnalyzer.TorchAdvice : NoGeneratorAdvice,
                null);

        private void Report(IOperation site, string generator, string advice, ImmutableDictionary<string, string?>? properties)
            => _context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SharedGeneratorAcrossThreads,
                site.Syntax.GetLocation(),
                properties,
                SharedGeneratorAcrossThreadsAnalyzer.Quote(site.Syntax.ToString()),
                generator,
                _construct,
                advice));

        /// <summary>
        /// The fix's properties when it is safe: the body is the <c>Parallel.For</c> lambda with an
        /// <c>int</c> index and no result; the generator is a local or a readonly field (of
        /// <c>this</c>, or static) that only ever holds one <c>new Random(seed)</c>; and the seed
        /// can be written inside the body with the same meaning (<see cref="PerIterationSeed"/>).
        /// </summary>
        private ImmutableDictionary<string, string?>? FixProperties(IOperation receiver)
        {
            if (_constructMethod is null
                || !_rule.Parallel.IsParallelFor(_constructMethod)
                || _body is not IAnonymousFunctionOperation { Symbol: { ReturnsVoid: true, Parameters: { Length: > 0 } parameters } } lambda
                || parameters[0].Type.SpecialType != SpecialType.System_Int32
                || lambda.SemanticModel is not { } model
                || GeneratorCreation(GeneratorSharing.Unwrap(receiver), model) is not { } creation
                || PerIterationSeed.Of(creation.Arguments[0].Value, model, lambda.Body.Syntax.SpanStart) is not { } seed)
            {
                return null;
            }

            return ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticProperties.Kind, DiagnosticProperties.GeneratorPerIteration)
                .Add(DiagnosticProperties.Seed, seed)
                .Add(DiagnosticProperties.Index, PerIterationSeed.Escaped(parameters[0].Name));
        }

        /// <summary>The one <c>new Random(seed)</c> a local or readonly field ever holds, or null.</summary>
        private IObjectCreationOperation? GeneratorCreation(IOperation? receiver, SemanticModel model)
        {
            IOperation? value = receiver switch
            {
                ILocalReferenceOperation local => OnlyValue(local),
                IFieldReferenceOperation { Field.IsReadOnly: true, Instance: null or IInstanceReferenceOperation } field
                    when !PerIterationSeed.AssignedInConstructor(field.Field, model) => GeneratorSharing.FieldInitializer(field.Field, model),
                _ => null,
            };
            return GeneratorSharing.Unwrap(value) is IObjectCreationOperation { Constructor: { Parameters.Length: 1 } constructor, Arguments.Length: 1 } creation
                && SymbolEqualityComparer.Default.Equals(constructor.ContainingType, _rule.Random.Type)
                ? creation
                : null;
        }

        private static IOperation? OnlyValue(ILocalReferenceOperation local)
        {
            var leaves = ValueSources.Of(local);
            return leaves.Length == 1 && !ValueSources.IsUnknown(leaves[0]) ? leaves[0] : null;
        }
    }
}
