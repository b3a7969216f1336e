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
    }
}
