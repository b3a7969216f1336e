using System;
using System.Collections.Generic;
using System.Globalization;

namespace Seeding.Sample
{
    /// <summary>What the sample was asked to do.</summary>
    internal enum Mode
    {
        /// <summary>Run unseeded twice and seeded twice, each in a child process, and compare.</summary>
        Compare,

        /// <summary>One run of the tutorial's "after" code: seed first, then train.</summary>
        Seeded,

        /// <summary>One run of the tutorial's "before" code: no seed.</summary>
        Unseeded,
    }

    /// <summary>The command line, parsed and checked.</summary>
    internal sealed record Options(Mode Mode, long Seed, int Repeats, int Epochs)
    {
        public const long DefaultSeed = 42;
        public const int DefaultRepeats = 10;
        public const int DefaultEpochs = 100;
        public const int MaxRepeats = 1000;
        public const int MaxEpochs = 100_000;

        public const string Usage =
            "usage: Seeding.Sample [--mode compare|seeded|unseeded] [--seed N] [--repeats N] [--epochs N]\n" +
            "       Seeding.Sample --help\n" +
            "\n" +
            "  --mode     compare (default): run unseeded twice and seeded twice, each in its own\n" +
            "             process, and check that the seeded runs match bit for bit.\n" +
            "             seeded / unseeded: one run, printing one MSE per repeat.\n" +
            "  --seed     seed for torch.manual_seed, 0 or more (default 42); seeded runs only.\n" +
            "  --repeats  fresh models trained per run, 1 to 1000 (default 10).\n" +
            "  --epochs   full-batch Adam epochs per model, 1 to 100000 (default 100).\n" +
            "\n" +
            "exit codes: 0 success, 1 seeded runs differ, 2 bad arguments, 3 TorchSharp could not run.";

        /// <summary>Parses <paramref name="args"/>; on failure returns null and says why in <paramref name="error"/>.</summary>
        public static Options? Parse(string[] args, out string? error)
        {
            error = null;
            Mode? mode = null;
            long? seed = null;
            int? repeats = null;
            int? epochs = null;

            for (int i = 0; i < args.Length; i += 2)
            {
                string name = args[i];
                if (name is not ("--mode" or "--seed" or "--repeats" or "--epochs"))
                {
                    error = $"unknown option '{name}'";
                    return null;
                }

                if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    error = $"{name} needs a value";
                    return null;
                }

                string value = args[i + 1];
                bool repeated = name switch
                {
                    "--mode" => mode is not null,
                    "--seed" => seed is not null,
                    "--repeats" => repeats is not null,
                    _ => epochs is not null,
                };
                if (repeated)
                {
                    error = $"{name} given more than once";
                    return null;
                }

                switch (name)
                {
                    case "--mode":
                        mode = value switch
                        {
                            "compare" => Mode.Compare,
                            "seeded" => Mode.Seeded,
                            "unseeded" => Mode.Unseeded,
                            _ => null,
                        };
                        error = mode is null ? $"--mode must be compare, seeded or unseeded, not '{value}'" : null;
                        break;
                    case "--seed":
                        seed = ParseNumber(name, value, 0, long.MaxValue, out error);
                        break;
                    case "--repeats":
                        repeats = (int?)ParseNumber(name, value, 1, MaxRepeats, out error);
                        break;
                    default:
                        epochs = (int?)ParseNumber(name, value, 1, MaxEpochs, out error);
                        break;
                }

                if (error is not null)
                {
                    return null;
                }
            }

            if (mode == Mode.Unseeded && seed is not null)
            {
                error = "--seed has no effect with --mode unseeded";
                return null;
            }

            return new Options(mode ?? Mode.Compare, seed ?? DefaultSeed, repeats ?? DefaultRepeats, epochs ?? DefaultEpochs);
        }

        /// <summary>The arguments that make a child process do one run of <paramref name="mode"/> with these settings.</summary>
        public string[] ForChild(Mode mode)
        {
            var args = new List<string> { "--mode", mode == Mode.Seeded ? "seeded" : "unseeded" };
            if (mode == Mode.Seeded)
            {
                args.Add("--seed");
                args.Add(Seed.ToString(CultureInfo.InvariantCulture));
            }

            args.Add("--repeats");
            args.Add(Repeats.ToString(CultureInfo.InvariantCulture));
            args.Add("--epochs");
            args.Add(Epochs.ToString(CultureInfo.InvariantCulture));
            return args.ToArray();
        }

        private static long? ParseNumber(string name, string value, long min, long max, out string? error)
        {
            if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number))
            {
                error = $"{name} needs a whole number, not '{value}'";
                return null;
            }

            if (number < min || number > max)
            {
                error = max == long.MaxValue ? $"{name} must be {min} or more" : $"{name} must be from {min} to {max}";
                return null;
            }

            error = null;
            return number;
        }
    }
}
