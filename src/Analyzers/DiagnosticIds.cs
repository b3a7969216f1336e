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
    }
}
