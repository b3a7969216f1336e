using System;
using System.Diagnostics.CodeAnalysis;

namespace Seeding.Sample
{
    /// <summary>
    /// Shows that seeding makes the reproducibility tutorial's 1-10-1 MLP give the same
    /// results on every run, and that leaving the seed out does not.
    /// </summary>
    internal static class Program
    {
        private const int ExitOk = 0;
        private const int ExitSeededRunsDiffer = 1;
        private const int ExitUsage = 2;
        private const int ExitTorchFailed = 3;

        [SuppressMessage(
            "Reproducibility",
            "SEED003",
            Justification = "Deliberately unseeded: --mode unseeded (Experiment.RunUnseeded) shows what goes wrong without torch.manual_seed. Never copy it into real code.")]
        private static int Main(string[] args)
        {
            if (args is ["--help"] or ["-h"])
            {
                Console.WriteLine(Options.Usage);
                return ExitOk;
            }

            Options? options = Options.Parse(args, out string? error);
            if (options is null)
            {
                Console.Error.WriteLine($"Seeding.Sample: {error}");
                Console.Error.WriteLine(Options.Usage);
                return ExitUsage;
            }

            return options.Mode == Mode.Compare ? Compare(options) : RunOnce(options);
        }

        /// <summary>Runs unseeded twice and seeded twice, each in its own process, and reports.</summary>
        private static int Compare(Options options)
        {
            Mode[] modes = { Mode.Unseeded, Mode.Unseeded, Mode.Seeded, Mode.Seeded };
            var runs = new float[modes.Length][];
            for (int i = 0; i < modes.Length; i++)
            {
                Console.Error.WriteLine($"{(modes[i] == Mode.Seeded ? "seeded" : "unseeded")} run {(i % 2) + 1} of 2, in a new process...");
                float[]? mses = ChildRuns.Run(options, modes[i], out string? failure);
                if (mses is null)
                {
                    Console.Error.WriteLine(failure);
                    return ExitTorchFailed;
                }

                runs[i] = mses;
            }

            Console.WriteLine();
            bool reproduced = Report.Write(Console.Out, options, runs[0], runs[1], runs[2], runs[3]);
            return reproduced ? ExitOk : ExitSeededRunsDiffer;
        }

        /// <summary>One run in this process: one result line per repeat.</summary>
        private static int RunOnce(Options options)
        {
            if (!TorchStartup.TryStart(out string? problem))
            {
                Console.Error.WriteLine($"Seeding.Sample: {problem}");
                return ExitTorchFailed;
            }

            float[] mses = options.Mode == Mode.Seeded
                ? Experiment.RunSeeded(options.Seed, options.Repeats, options.Epochs)
                : Experiment.RunUnseeded(options.Repeats, options.Epochs);
            for (int i = 0; i < mses.Length; i++)
            {
                Console.WriteLine(ResultLine.Format(i + 1, mses[i]));
            }

            return ExitOk;
        }
    }
}
