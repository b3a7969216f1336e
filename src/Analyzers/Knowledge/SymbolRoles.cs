using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Seeding.Analyzers.Knowledge
{
    /// <summary>Every part a member (method, constructor, property, field) plays for seeding, as one flags value.</summary>
    [Flags]
    internal enum MemberRoles
    {
        None = 0,

        /// <summary><c>Random()</c>: seeds itself from an unpredictable source.</summary>
        UnseededRandomConstructor = 1 << 0,

        /// <summary><c>Random.Shared</c>: a process-wide instance that cannot be seeded.</summary>
        SharedRandom = 1 << 1,

        /// <summary>A seeding API with an integer seed parameter (<see cref="SeedKnowledge.SeedParameter"/>).</summary>
        TakesSeed = 1 << 2,

        /// <summary>An integer seed field or property (<see cref="SeedKnowledge.IsSeedMember"/>).</summary>
        SeedMember = 1 << 3,

        /// <summary><c>torch.seed()</c>, <c>Generator.seed()</c>: reseeds from the clock.</summary>
        ReseedsFromClock = 1 << 4,

        /// <summary>A TorchSharp loader or shuffler whose <c>int? seed</c>, left null, means "seed from a new System.Random".</summary>
        TorchOptionalSeed = 1 << 5,

        /// <summary>A TorchVision transform that draws from a new, unseeded System.Random and takes no seed.</summary>
        UnseedableTransform = 1 << 6,

        /// <summary>An <c>MLContext</c> constructor (seeded or not: the arguments decide).</summary>
        MLContextConstructor = 1 << 7,

        /// <summary>Runs the delegates it is given concurrently (<see cref="ParallelSymbols.ConstructName"/>).</summary>
        ParallelConstruct = 1 << 8,
    }

    /// <summary>
    /// One compilation's shared index of what its members mean for seeding: the knowledge every
    /// rule needs (the inventory, seed values, System.Random, ML.NET, the parallel APIs), resolved
    /// once per compilation, and the <see cref="MemberRoles"/> of each member the rules meet,
    /// classified once per member definition and then read with one lookup. A rule's operation
    /// callback asks <see cref="Of"/> once and returns at once when none of its roles is there.
    /// </summary>
    internal sealed class SymbolRoles
    {
        private static readonly ConditionalWeakTable<Compilation, SymbolRoles> Cache = new ConditionalWeakTable<Compilation, SymbolRoles>();

        private readonly ConcurrentDictionary<ISymbol, MemberRoles> _roles = new ConcurrentDictionary<ISymbol, MemberRoles>(Definitions.Comparer);
        private readonly Func<ISymbol, MemberRoles> _classify;
        private readonly Lazy<MLContextKnowledge?> _mlContext;
        private readonly IAssemblySymbol _source;

        private SymbolRoles(Compilation compilation)
        {
            _source = compilation.Assembly;
            Seeds = SeedKnowledge.For(compilation);
            Randomness = Seeds.Randomness;
            Random = SystemRandomSymbols.TryCreate(compilation);
            Parallel = ParallelSymbols.TryCreate(compilation);
            _mlContext = new Lazy<MLContextKnowledge?>(() => MLContextKnowledge.For(compilation));
            _classify = Classify;
        }

        /// <summary>The inventory resolved for the compilation.</summary>
        public RandomnessKnowledge Randomness { get; }

        /// <summary>What the inventory says about seed values.</summary>
        public SeedKnowledge Seeds { get; }

        /// <summary>System.Random's seeding members; null when the compilation has no System.Random.</summary>
        public SystemRandomSymbols? Random { get; }

        /// <summary>The parallel APIs; null when the compilation has none.</summary>
        public ParallelSymbols? Parallel { get; }

        /// <summary>What is known about ML.NET's contexts, catalogs and trainers; null when ML.NET is not referenced.</summary>
        public MLContextKnowledge? MLContext => _mlContext.Value;

        /// <summary>The index of a compilation, built on first request and shared by every rule.</summary>
        public static SymbolRoles For(Compilation compilation) => Cache.GetValue(compilation, c => new SymbolRoles(c));

        /// <summary>
        /// Every role of <paramref name="member"/> (a method called, a constructor, a property or
        /// field referenced): one lookup by its definition (a reduced extension method by the
        /// method it was reduced from), classified the first time it is met.
        /// </summary>
        public MemberRoles Of(ISymbol? member)
        {
            if (member is null)
            {
                return MemberRoles.None;
            }

            var definition = (member is IMethodSymbol { ReducedFrom: { } reducedFrom } ? reducedFrom : member).OriginalDefinition;

            // Every role belongs to a library member: the project's own members (most of what a
            // program calls) have none, known without a lookup or a table entry.
            if (SymbolEqualityComparer.Default.Equals(definition.ContainingAssembly, _source))
            {
                return MemberRoles.None;
            }

            return _roles.TryGetValue(definition, out var roles) ? roles : _roles.GetOrAdd(definition, _classify);
        }

        private MemberRoles Classify(ISymbol definition)
        {
            var roles = MemberRoles.None;
            if (Random is not null)
            {
                if (SymbolEqualityComparer.Default.Equals(definition, Random.UnseededConstructor))
                {
                    roles |= MemberRoles.UnseededRandomConstructor;
                }

                if (SymbolEqualityComparer.Default.Equals(definition, Random.Shared))
                {
                    roles |= MemberRoles.SharedRandom;
                }
            }

            if (definition is not IMethodSymbol method)
            {
                return Seeds.IsSeedMember(definition) ? roles | MemberRoles.SeedMember : roles;
            }

            if (Parallel?.ConstructName(method) is not null)
            {
                roles |= MemberRoles.ParallelConstruct;
            }

            if (Randomness.Find(method) is not { } entry)
            {
                return roles;
            }

            if (Seeds.SeedParameter(method) is not null)
            {
                roles |= MemberRoles.TakesSeed;
            }

            if (Seeds.IsReseedFromClock(method))
            {
                roles |= MemberRoles.ReseedsFromClock;
            }

            if (entry is { Library: "TorchVision", Role: RandomnessRole.Consumer, Generator: GeneratorKind.SystemRandom })
            {
                roles |= MemberRoles.UnseedableTransform;
            }

            // In TorchSharp, an "int? seed" that is null means "seed from new System.Random()".
            if (entry.Library == "TorchSharp"
                && Randomness.SeedParameter(method) is { } seed
                && seed.Type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            {
                roles |= MemberRoles.TorchOptionalSeed;
            }

            if (entry is { Role: RandomnessRole.Seed, Library: "Microsoft.ML", TypeMetadataName: "Microsoft.ML.MLContext" }
                && method.MethodKind == MethodKind.Constructor)
            {
                roles |= MemberRoles.MLContextConstructor;
            }

            return roles;
        }
    }
}
