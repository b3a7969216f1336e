namespace Seeding.Analyzers.Flow
{
    /// <summary>
    /// A random number generator whose seeding order the engine follows. Generators are data:
    /// every event names one, and the solver answers each question for one generator at a time,
    /// so a new generator needs a line here and a row in <see cref="Knowledge.GeneratorEvents"/> saying
    /// which calls seed, reseed and draw from it.
    /// </summary>
    internal sealed class Generator
    {
        /// <summary>TorchSharp's global CPU generator: <c>torch.manual_seed</c>, model construction, <c>torch.rand</c>.</summary>
        public static readonly Generator TorchCpu = new Generator(0, "TorchSharp's global generator");

        /// <summary>TorchSharp's CUDA generators: <c>torch.cuda.manual_seed(_all)</c>, work placed on a CUDA device.</summary>
        public static readonly Generator TorchCuda = new Generator(1, "TorchSharp's CUDA generator");

        /// <summary>Every generator, by <see cref="Index"/>.</summary>
        public static readonly Generator[] All = { TorchCpu, TorchCuda };

        /// <summary>How many generators exist; events and effects are indexed by <see cref="Index"/>.</summary>
        public static int Count => All.Length;

        private Generator(int index, string name)
        {
            Index = index;
            Name = name;
        }

        public int Index { get; }

        public string Name { get; }

        public override string ToString() => Name;
    }
}
