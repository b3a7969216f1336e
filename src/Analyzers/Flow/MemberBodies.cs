using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;

namespace Seeding.Analyzers.Flow
{
    /// <summary>
    /// The semantic models of a compilation's trees as the analyzer driver hands them over, so a
    /// <see cref="ValueSources"/> walk can read the declaration of a member in another file
    /// (analyzers may not ask the compilation for a model of their own). A tree not handed over
    /// yet has no model here.
    /// </summary>
    internal sealed class MemberBodies
    {
        private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> _models = new ConcurrentDictionary<SyntaxTree, SemanticModel>();

        public void Add(SemanticModel model) => _models.TryAdd(model.SyntaxTree, model);

        public SemanticModel? ModelOf(SyntaxTree tree) => _models.TryGetValue(tree, out var model) ? model : null;
    }
}
