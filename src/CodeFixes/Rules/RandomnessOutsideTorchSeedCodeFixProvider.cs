using System.Collections.Immutable;
using System.Composition;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Seeding.Analyzers.CodeFixes.Shared;

namespace Seeding.Analyzers.CodeFixes.Rules
{
    /// <summary>
    /// SEED006 fix for loaders and shufflers: <c>DataLoader(ds, 32, shuffle: true)</c> becomes
    /// <c>DataLoader(ds, 32, shuffle: true, seed: 42)</c>, and <c>seed: null</c> becomes
    /// <c>seed: 42</c>. The TorchVision transforms that cannot be seeded get no fix.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RandomnessOutsideTorchSeedCodeFixProvider)), Shared]
    public sealed class RandomnessOutsideTorchSeedCodeFixProvider : CodeFixProvider
    {
        /// <summary>Equivalence key of "pass a fixed seed to the loader or shuffler".</summary>
        public const string AddSeedKey = "SEED006.AddSeed";

        private const string Title = "Pass a fixed seed for the shuffle";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(DiagnosticIds.RandomnessOutsideTorchSeed);

        /// <summary>Each fix edits only its own argument list, so fixes in one document merge safely.</summary>
        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(DiagnosticProperties.Kind, out var kind)
                    || kind != DiagnosticProperties.UnseededShuffle
                    || SeedArgumentFix.Target(root, diagnostic) is not { } target)
                {
                    continue;
                }

                var document = context.Document;
                var seed = SeedExpressions.DefaultSeedOf(diagnostic);
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => SeedArgumentFix.ApplyAsync(document, target, seed, ct), AddSeedKey),
                    diagnostic);
            }
        }
    }
}
