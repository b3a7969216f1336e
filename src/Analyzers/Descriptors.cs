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
