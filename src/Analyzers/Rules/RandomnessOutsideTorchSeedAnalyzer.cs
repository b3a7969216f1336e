using System;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.Knowledge;
using Seeding.Analyzers.Options;

namespace Seeding.Analyzers.Rules
{
    /// <summary>
    /// SEED006: randomness in TorchSharp and TorchVision that draws from System.Random, which
    /// <c>torch.manual_seed</c> does not seed.
    /// <list type="bullet">
    /// <item>Loaders and shufflers whose <c>int? seed</c> is left out or null: a DataLoader
    /// that shuffles (shuffle given as true, or as a value that may be true), and
    /// <c>new FisherYatesShuffler(n)</c>. Fixable: pass a seed.</item>
    /// <item>TorchVision transforms that create an unseeded System.Random every time they run
    /// (<c>RandomResizedCrop</c>, <c>RandomRotation</c>, <c>RandomOrder</c>, <c>RandomPerspective</c>):
    /// nothing can seed them, so there is no fix; the message names an alternative.</item>
    /// </list>
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class RandomnessOutsideTorchSeedAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>The roles this rule reports on: a call or creation with neither is passed over after one lookup.</summary>
        private const MemberRoles Roles = MemberRoles.UnseedableTransform | MemberRoles.TorchOptionalSeed;

        private static readonly ImmutableArray<DiagnosticDescriptor> Supported =
            ImmutableArray.Create(Descriptors.RandomnessOutsideTorchSeed);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Supported;

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(OnCompilationStart);
        }

        private static void OnCompilationStart(CompilationStartAnalysisContext context)
        {
            var roles = SymbolRoles.For(context.Compilation);
            if (!roles.Randomness.HasTorchSharp)
            {
                return;
            }

            context.RegisterOperationAction(
                c => Analyze(c, roles),
                OperationKind.ObjectCreation,
                OperationKind.Invocation);
        }

        private static void Analyze(OperationAnalysisContext context, SymbolRoles roles)
        {
            IMethodSymbol? method;
            ImmutableArray<IArgumentOperation> arguments;
            switch (context.Operation)
            {
                case IObjectCreationOperation creation:
                    (method, arguments) = (creation.Constructor, creation.Arguments);
                    break;
                case IInvocationOperation invocation:
                    (method, arguments) = (invocation.TargetMethod, invocation.Arguments);
                    break;
                default:
                    return;
            }

            var found = roles.Of(method) & Roles;
            if (found == MemberRoles.None || method is null || SeedArguments.IsBeingTyped(context.Operation.Syntax))
            {
                return;
            }

            if ((found & MemberRoles.UnseedableTransform) != 0)
            {
                ReportUnseedableTransform(context, roles.Randomness.Find(method)!);
                return;
            }

            // A loader or shuffler: its "int? seed" left out or null means "seed from new System.Random()".
            if (roles.Randomness.SeedParameter(method) is not { } seedParameter
                || !SeedArguments.IsNoSeed(SeedArguments.For(arguments, seedParameter)))
            {
                return;
            }

            var shuffle = Shuffle(method, arguments);
            if (shuffle != ShuffleState.Off)
            {
                ReportUnseededShuffle(context, shuffle);
            }
        }

        private enum ShuffleState
        {
            Off,
            On,
            MaybeOn,
            AlwaysShuffles,
        }

        /// <summary>Whether a loader shuffles: its <c>bool shuffle</c> argument; a shuffler (no such parameter) always does.</summary>
        private static ShuffleState Shuffle(IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments)
        {
            IParameterSymbol? shuffleParameter = null;
            foreach (var parameter in method.Parameters)
            {
                if (parameter.Type.SpecialType == SpecialType.System_Boolean && parameter.Name == "shuffle")
                {
                    shuffleParameter = parameter;
                }
            }

            if (shuffleParameter is null)
            {
                return ShuffleState.AlwaysShuffles;
            }

            var argument = SeedArguments.For(arguments, shuffleParameter);
            var constant = argument is null || argument.ArgumentKind == ArgumentKind.DefaultValue
                ? (shuffleParameter.HasExplicitDefaultValue ? new Optional<object?>(shuffleParameter.ExplicitDefaultValue) : default)
                : argument.Value.ConstantValue;
            return constant is { HasValue: true, Value: bool value }
                ? (value ? ShuffleState.On : ShuffleState.Off)
                : ShuffleState.MaybeOn;
        }

        private static void ReportUnseededShuffle(OperationAnalysisContext context, ShuffleState shuffle)
        {
            var syntax = context.Operation.Syntax;
            var location = SeedArguments.CreationLocation(syntax);
            var seed = SeedingOptions.GetDefaultSeed(context.Options, syntax.SyntaxTree).ToString(CultureInfo.InvariantCulture);
            var code = SeedArguments.Quote(syntax, location);
            var message = shuffle switch
            {
                ShuffleState.On => code + " shuffles with System.Random, which torch.manual_seed does not seed, "
                    + "so the batch order changes on every run; pass seed: " + seed,
                ShuffleState.MaybeOn => code + " shuffles with System.Random whenever shuffle is true, and torch.manual_seed does not seed it, "
                    + "so the batch order changes on every run; pass seed: " + seed,
                _ => code + " draws its order from an unseeded System.Random, which torch.manual_seed does not seed, "
                    + "so the order changes on every run; pass seed: " + seed,
            };

            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticProperties.Kind, DiagnosticProperties.UnseededShuffle)
                .Add(DiagnosticProperties.DefaultSeed, seed);
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RandomnessOutsideTorchSeed, location, properties, message));
        }

        private static void ReportUnseedableTransform(OperationAnalysisContext context, InventoryEntry entry)
        {
            var syntax = context.Operation.Syntax;
            var location = syntax.GetLocation();
            var message = SeedArguments.Quote(syntax, location)
                + " creates a new unseeded System.Random every time it runs and takes no seed, "
                + "so torch.manual_seed cannot make it repeatable; " + Alternative(entry.Member);

            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(DiagnosticProperties.Kind, DiagnosticProperties.UnseedableTransform);
            context.ReportDiagnostic(Diagnostic.Create(Descriptors.RandomnessOutsideTorchSeed, location, properties, message));
        }

        /// <summary>A reproducible way to get what the transform does (names checked against TorchVision 0.107.0).</summary>
        private static string Alternative(string member)
        {
            switch (member)
            {
                case "RandomResizedCrop":
                    return "for evaluation use Resize and CenterCrop; to augment reproducibly, draw the crop box from a seeded generator "
                        + "and apply transforms.functional.resized_crop (e.g. inside transforms.Lambda)";
                case "RandomRotation":
                    return "to augment reproducibly, draw the angle from a seeded generator and apply transforms.functional.rotate "
                        + "(e.g. inside transforms.Lambda)";
                case "RandomOrder":
                    return "apply the transforms in a fixed order with transforms.Compose, or shuffle them yourself with a seeded Random";
                case "RandomPerspective":
                    return "to augment reproducibly, draw the corner points from a seeded generator and apply transforms.functional.perspective "
                        + "(e.g. inside transforms.Lambda)";
                default:
                    return "do the random part yourself with a seeded generator";
            }
        }
    }
}
