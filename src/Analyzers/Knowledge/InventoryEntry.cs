using System.Collections.Immutable;

namespace Seeding.Analyzers.Knowledge
{
    /// <summary>What a library member does with randomness (the inventory's category column).</summary>
    internal enum RandomnessRole
    {
        /// <summary>Seeds a generator, or reads or restores its state.</summary>
        Seed,

        /// <summary>Draws from a generator.</summary>
        Consumer,

        /// <summary>Switches determinism (threads, algorithms).</summary>
        Determinism,

        /// <summary>Signals GPU use.</summary>
        Device,

        /// <summary>Produces an unpredictable value, or reseeds from one.</summary>
        NondeterministicSeedSource,
    }

    /// <summary>When a consumer draws: on the call itself, or later (the returned module, transform or distribution draws when run).</summary>
    internal enum DrawTiming
    {
        NotApplicable,
        OnCall,
        Later,
    }

    /// <summary>Which generator a consumer draws from.</summary>
    internal enum GeneratorKind
    {
        NotApplicable,
        TorchGlobal,
        SystemRandom,
        MLContext,
        MathNetSource,
    }

    /// <summary>One row of the inventory: one member, or one overload of a method.</summary>
    internal sealed class InventoryEntry
    {
        public InventoryEntry(
            string library,
            RandomnessRole role,
            string typeMetadataName,
            string member,
            ImmutableArray<string>? parameterTypes,
            bool acceptsGenerator,
            DrawTiming draws,
            GeneratorKind generator)
        {
            Library = library;
            Role = role;
            TypeMetadataName = typeMetadataName;
            Member = member;
            ParameterTypes = parameterTypes;
            AcceptsGenerator = acceptsGenerator;
            Draws = draws;
            Generator = generator;
        }

        public string Library { get; }

        public RandomnessRole Role { get; }

        /// <summary>Roslyn metadata name of the declaring type (nesting with '+').</summary>
        public string TypeMetadataName { get; }

        /// <summary>Member name; ".ctor" for constructors.</summary>
        public string Member { get; }

        /// <summary>Parameter types of a method or constructor overload; null for fields and properties.</summary>
        public ImmutableArray<string>? ParameterTypes { get; }

        public bool AcceptsGenerator { get; }

        public DrawTiming Draws { get; }

        public GeneratorKind Generator { get; }

        /// <summary>Draws from TorchSharp's global CPU generator when called (the late-seed rules' "draw").</summary>
        public bool DrawsFromTorchGlobalOnCall => Role == RandomnessRole.Consumer && Draws == DrawTiming.OnCall && Generator == GeneratorKind.TorchGlobal;

        public override string ToString() => TypeMetadataName + "." + Member;
    }
}
