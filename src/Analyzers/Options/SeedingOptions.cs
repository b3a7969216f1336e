using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Seeding.Analyzers.Options
{
    /// <summary>
    /// The package's .editorconfig / .globalconfig options. Every key starts with "seeding.".
    /// </summary>
    internal static class SeedingOptions
    {
        /// <summary>Key of the seed that code fixes insert.</summary>
        public const string DefaultSeedKey = "seeding.default_seed";

        /// <summary>Key of SEED003's scope: executables (default), always, never.</summary>
        public const string TorchSeedRequiredKey = "seeding.torch_seed_required";

        /// <summary>Key that limits SEED001 and SEED004 to compilations referencing an ML library (default false).</summary>
        public const string MLOnlyKey = "seeding.ml_only";

        /// <summary>The seed used when <see cref="DefaultSeedKey"/> is absent or not a valid int.</summary>
        public const int FallbackSeed = 42;

        /// <summary>
        /// Reads <c>seeding.default_seed</c> for a file. Values that are not a 32-bit integer
        /// fall back to <see cref="FallbackSeed"/>, so a typo never produces a broken fix.
        /// </summary>
        public static int GetDefaultSeed(AnalyzerOptions options, SyntaxTree tree)
        {
            var config = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
            if (config.TryGetValue(DefaultSeedKey, out var text)
                && int.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed))
            {
                return seed;
            }

            return FallbackSeed;
        }

        /// <summary>
        /// Reads a boolean option for a file: its .editorconfig section first, then .globalconfig.
        /// Anything but "true"/"false" gives <paramref name="defaultValue"/>.
        /// </summary>
        public static bool GetBoolean(AnalyzerOptions options, SyntaxTree tree, string key, bool defaultValue)
            => TryGet(options, tree, key, out var text) && bool.TryParse(text, out var value) ? value : defaultValue;

        /// <summary>Reads a raw option for a file (.editorconfig section, then .globalconfig), trimmed and lower-cased.</summary>
        public static bool TryGet(AnalyzerOptions options, SyntaxTree tree, string key, out string value)
        {
            if (options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(key, out var text)
                || options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(key, out text))
            {
                value = text.Trim().ToLowerInvariant();
                return true;
            }

            value = string.Empty;
            return false;
        }
    }
}
