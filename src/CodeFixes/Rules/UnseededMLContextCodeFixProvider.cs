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
    /// SEED005 fix: <c>new MLContext()</c> becomes <c>new MLContext(seed: 42)</c>, and
    /// <c>seed: null</c> becomes <c>seed: 42</c> — the type's seed member or the configured
    /// <c>seeding.default_seed</c>.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnseededMLContextCodeFixProvider)), Shared]
    public sealed class UnseededMLContextCodeFixProvider : CodeFixProvider
    {
        /// <summary>Equivalence key of "pass a fixed seed to MLContext".</summary>
        public const string AddSeedKey = "SEED005.AddSeed";

        private const string Title = "Pass a fixed seed to MLContext";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(DiagnosticIds.UnseededMLContext);

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
                if (SeedArgumentFix.Target(root, diagnostic) is not { } target)
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
