using Microsoft.CodeAnalysis;

namespace Seeding.Analyzers
{
    /// <summary>
    /// The one factory for diagnostic descriptors: every rule gets the same category and a
    /// help link to its own page under docs/rules, built from <see cref="HelpLinkBase"/>.
    /// </summary>
    internal static class Descriptors
    {
        public const string Category = "Reproducibility";

        /// <summary>Where the rule pages live; each rule's link is this plus "ID.md".</summary>
        public const string HelpLinkBase = "https://github.com/seeding-analyzers/Seeding.Analyzers/blob/main/docs/rules/";

        public static readonly DiagnosticDescriptor UnseededRandom = Create(
            DiagnosticIds.UnseededRandom,
            title: "System.Random is used without a seed",
            messageFormat: "{0} draws different numbers on every run; {1}",
            description: "new Random() seeds itself from an unpredictable source and Random.Shared cannot be seeded, "
                + "so code that draws from them gives different results on every run. "
                + "Pass a fixed seed, e.g. new Random(42), so runs can be repeated.");

        private const string MissingTorchSeedDescription =
            "Building layers such as nn.Linear, making random tensors and dropout all draw from TorchSharp's global "
            + "generator. Without torch.manual_seed before the first draw, every run starts from a different state. In a "
            + "program the warning sits in the entry point, on the code that first leads to such a draw.";

        public static readonly DiagnosticDescriptor SeedAfterDraw = Create(
            DiagnosticIds.SeedAfterDraw,
            title: "Seed set after random initialisation",
            messageFormat: "{0} runs after {1} (line {2}) already drew from TorchSharp's global generator; set the seed first",
            description: "Seeding only makes the draws that come after it repeatable. A model built, or a random tensor made, "
                + "before torch.manual_seed gets different values on every run. Set the seed at the top of the program, "
                + "before anything draws.");

        public static readonly DiagnosticDescriptor SeedAfterDrawInStaticInitializer = Create(
            DiagnosticIds.SeedAfterDraw,
            title: "Seed set after random initialisation",
            messageFormat: "{0} draws from TorchSharp's global generator in the static initialiser of {1}, which may run before the program seeds; create it after torch.manual_seed instead",
            description: "The runtime may run a static initialiser before Main starts (the language leaves the time open unless the type "
                + "has a static constructor), so a draw there is not ordered after torch.manual_seed. Build models and random "
                + "tensors after seeding, for example in Main or in a method it calls.");

        public static readonly DiagnosticDescriptor MissingTorchSeed = Create(
            DiagnosticIds.MissingTorchSeed,
            title: "TorchSharp randomness without torch.manual_seed",
            messageFormat: "{0} draws from TorchSharp's global generator, but {1}; call torch.manual_seed at the start of {2}",
            description: MissingTorchSeedDescription);

        public static readonly DiagnosticDescriptor MissingTorchSeedThroughCall = Create(
            DiagnosticIds.MissingTorchSeed,
            title: "TorchSharp randomness without torch.manual_seed",
            messageFormat: "{0} draws from TorchSharp's global generator ({1} in {2}, {3}), but {4}; call torch.manual_seed at the start of {5}",
            description: MissingTorchSeedDescription);

        public static readonly DiagnosticDescriptor NondeterministicSeed = Create(
            DiagnosticIds.NondeterministicSeed,
            title: "Seed comes from a nondeterministic source",
            messageFormat: "{0}",
            description: "A seed taken from the clock, the process, a GUID, a per-process randomised hash or an unseeded generator "
                + "differs on every run, so seeding with it repeats nothing. Reseeding from the clock undoes an earlier seed.");

        public static readonly DiagnosticDescriptor UnseededMLContext = Create(
            DiagnosticIds.UnseededMLContext,
            title: "MLContext created without a seed",
            messageFormat: "{0} has no seed, and {1}; pass a fixed seed such as seed: {2}",
            description: "Without a seed, MLContext seeds itself from new Random(); TrainTestSplit, ShuffleRows, CrossValidate and "
                + "trainers that fall back to the context's generator then differ on every run. Reported when the context reaches such "
                + "a use, or code the analyzer cannot follow, anywhere in the project.");

        public static readonly DiagnosticDescriptor RandomnessOutsideTorchSeed = Create(
            DiagnosticIds.RandomnessOutsideTorchSeed,
            title: "Library randomness that torch.manual_seed does not control",
            messageFormat: "{0}",
            description: "Some TorchSharp and TorchVision components draw from System.Random rather than TorchSharp's generator, "
                + "so torch.manual_seed does not make them repeatable.");

        public static readonly DiagnosticDescriptor UnseededGpuGenerator = Create(
            DiagnosticIds.UnseededGpuGenerator,
            title: "GPU generator not seeded",
            messageFormat: "{0} uses CUDA, but the program never calls torch.cuda.manual_seed_all; torch.manual_seed seeds only the CPU generator",
            description: "In TorchSharp, torch.manual_seed seeds the CPU generator only. Random numbers drawn on a CUDA device "
                + "differ on every run unless torch.cuda.manual_seed_all (or torch.cuda.manual_seed) is called too.");

        public static readonly DiagnosticDescriptor UnseededGpuGeneratorBeforeSeed = Create(
            DiagnosticIds.UnseededGpuGenerator,
            title: "GPU generator not seeded",
            messageFormat: "{0} uses CUDA before torch.cuda.manual_seed_all runs; seed the CUDA generator before any work goes to the GPU",
            description: "In TorchSharp, torch.manual_seed seeds the CPU generator only. Random numbers drawn on a CUDA device "
                + "differ on every run unless torch.cuda.manual_seed_all (or torch.cuda.manual_seed) runs before them.");

        public static readonly DiagnosticDescriptor SharedGeneratorAcrossThreads = Create(
            DiagnosticIds.SharedGeneratorAcrossThreads,
            title: "One generator shared across threads",
            messageFormat: "{0} draws from {1} inside {2}: {3}",
            description: "Work items that run concurrently draw from a shared generator in an order the scheduler picks, "
                + "so the same seed hands different numbers to different items on every run; System.Random is not thread-safe "
                + "and concurrent draws corrupt it. Give each work item its own generator, seeded from the seed and the item's index.");

        public static string HelpLink(string id) => HelpLinkBase + id + ".md";

        private static DiagnosticDescriptor Create(
            string id,
            string title,
            string messageFormat,
            string description,
            DiagnosticSeverity severity = DiagnosticSeverity.Warning,
            params string[] customTags)
            => new DiagnosticDescriptor(
                id,
                title,
                messageFormat,
                Category,
                severity,
                isEnabledByDefault: true,
                description: description,
                helpLinkUri: HelpLink(id),
                customTags: customTags);
    }
}
