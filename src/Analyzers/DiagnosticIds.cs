namespace Seeding.Analyzers
{
    /// <summary>
    /// Every rule ID of the package, in one place. Users' .editorconfig files name these,
    /// so an ID never changes meaning once it has shipped.
    /// </summary>
    public static class DiagnosticIds
    {
        /// <summary>System.Random created without a seed, or Random.Shared used.</summary>
        public const string UnseededRandom = "SEED001";

        /// <summary>TorchSharp's global seed is set after something already drew from the generator.</summary>
        public const string SeedAfterDraw = "SEED002";

        /// <summary>An executable draws from TorchSharp's global generator with no torch.manual_seed before it.</summary>
        public const string MissingTorchSeed = "SEED003";

        /// <summary>A seed value comes from the clock, a randomised hash or another unseeded source; or a reseed from the clock.</summary>
        public const string NondeterministicSeed = "SEED004";

        /// <summary>ML.NET's MLContext is created without a seed.</summary>
        public const string UnseededMLContext = "SEED005";

        /// <summary>Library randomness that torch.manual_seed does not control (DataLoader shuffling, TorchVision random transforms).</summary>
        public const string RandomnessOutsideTorchSeed = "SEED006";

        /// <summary>The program uses CUDA but never seeds the CUDA generators.</summary>
        public const string UnseededGpuGenerator = "SEED007";

        /// <summary>A seeded generator drawn from code that runs concurrently (Parallel, tasks, threads, PLINQ).</summary>
        public const string SharedGeneratorAcrossThreads = "SEED008";
    }
}
