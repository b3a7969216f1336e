namespace Seeding.Analyzers
{
    /// <summary>
    /// Keys of the properties analyzers attach to diagnostics so that code fixes act on what the
    /// analyzer saw (and on the options in force for that file) without recomputing it.
    /// </summary>
    public static class DiagnosticProperties
    {
        /// <summary>Which shape was flagged; the values are rule specific.</summary>
        public const string Kind = "Kind";

        /// <summary>The value of <c>seeding.default_seed</c> for the file, as invariant-culture text.</summary>
        public const string DefaultSeed = "DefaultSeed";

        /// <summary>SEED001 kind: <c>new Random()</c> or a target-typed <c>new()</c>.</summary>
        public const string UnseededConstructor = "UnseededConstructor";

        /// <summary>SEED001 kind: a use of <c>Random.Shared</c>.</summary>
        public const string SharedInstance = "SharedInstance";

        /// <summary>SEED006 kind: a DataLoader or shuffler that shuffles with System.Random and has no seed (fixable).</summary>
        public const string UnseededShuffle = "UnseededShuffle";

        /// <summary>SEED006 kind: a TorchVision transform that creates an unseeded System.Random on every call (no fix).</summary>
        public const string UnseedableTransform = "UnseedableTransform";

        /// <summary>SEED004 kind: a seed argument or seed property value that differs on every run.</summary>
        public const string NondeterministicSeedValue = "NondeterministicSeedValue";

        /// <summary>
        /// SEED004: the seed's nondeterministic source is in another member (named by the value,
        /// e.g. "Settings.Seed"); the fix leaves such a seed alone.
        /// </summary>
        public const string SourceInOtherMember = "SourceInOtherMember";

        /// <summary>SEED004 kind: <c>torch.seed()</c>, <c>torch.random.seed()</c> or <c>Generator.seed()</c>.</summary>
        public const string ReseedFromClock = "ReseedFromClock";

        /// <summary>
        /// SEED008 kind: a seeded System.Random shared by the iterations of <c>Parallel.For</c>, fixable by
        /// one generator per iteration (the seed expression is under <see cref="Seed"/>, the index under <see cref="Index"/>).
        /// </summary>
        public const string GeneratorPerIteration = "GeneratorPerIteration";

        /// <summary>SEED008: the seed expression, valid inside the loop body, a per-iteration generator is seeded from.</summary>
        public const string Seed = "Seed";

        /// <summary>SEED008: the name of the loop index of <c>Parallel.For</c>.</summary>
        public const string Index = "Index";
    }
}
