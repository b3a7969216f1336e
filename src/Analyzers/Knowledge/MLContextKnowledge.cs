using System;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Seeding.Analyzers.Knowledge
{
    /// <summary>
    /// What SEED005 needs to know about ML.NET beyond the inventory: which types carry an
    /// <c>MLContext</c> (the context itself, the interfaces it implements, and the catalogs
    /// reached from it: <c>ml.Data</c>, <c>ml.BinaryClassification.Trainers</c>, extension
    /// catalogs), which members belong to ML.NET, which results are trainers and which members
    /// are AutoML's. Resolved once per compilation; null when ML.NET is not referenced.
    /// </summary>
    internal sealed class MLContextKnowledge
    {
        private static readonly ConditionalWeakTable<Compilation, MLContextKnowledge?> Cache = new ConditionalWeakTable<Compilation, MLContextKnowledge?>();

        private readonly INamedTypeSymbol _context;
        private readonly INamedTypeSymbol? _catalog;
        private readonly INamedTypeSymbol? _trainerCatalog;
        private readonly INamedTypeSymbol? _trainer;
        private readonly ConcurrentDictionary<ITypeSymbol, bool> _carriers = new ConcurrentDictionary<ITypeSymbol, bool>(SymbolEqualityComparer.Default);

        private MLContextKnowledge(RandomnessKnowledge randomness, INamedTypeSymbol context, Compilation compilation)
        {
            Randomness = randomness;
            _context = context;
            _catalog = compilation.GetTypeByMetadataName("Microsoft.ML.Data.IInternalCatalog");
            _trainerCatalog = compilation.GetTypeByMetadataName("Microsoft.ML.TrainCatalogBase+CatalogInstantiatorBase");
            _trainer = compilation.GetTypeByMetadataName("Microsoft.ML.Trainers.ITrainerEstimator`2");
        }

        public RandomnessKnowledge Randomness { get; }

        /// <summary>The knowledge for a compilation, or null when it does not reference ML.NET.</summary>
        public static MLContextKnowledge? For(Compilation compilation) => Cache.GetValue(compilation, Create);

        /// <summary>
        /// True when a value of this type holds an MLContext: <c>MLContext</c>, an interface it
        /// implements (<c>IHostEnvironment</c>, ...), or an ML.NET catalog (a type implementing
        /// ML.NET's <c>IInternalCatalog</c>, or a trainer catalog such as <c>ml.Regression.Trainers</c>).
        /// </summary>
        public bool Carries(ITypeSymbol? type)
        {
            if (type is not INamedTypeSymbol named || !IsMLNet(named))
            {
                return false;
            }

            return _carriers.GetOrAdd(named, CarriesUncached);
        }

        /// <summary>A member or type declared in one of ML.NET's assemblies (<c>Microsoft.ML</c>, <c>Microsoft.ML.*</c>).</summary>
        public static bool IsMLNet(ISymbol symbol)
            => symbol.ContainingAssembly?.Identity.Name is { } name
                && (name == "Microsoft.ML" || name.StartsWith("Microsoft.ML.", StringComparison.Ordinal));

        /// <summary>A member of ML.NET's AutoML (<c>ml.Auto()</c>, experiments): AutoML trains, and training draws.</summary>
        public static bool IsAutoML(ISymbol symbol)
            => symbol.ContainingAssembly?.Identity.Name is "Microsoft.ML.AutoML";

        /// <summary>True when the type is an ML.NET trainer (implements <c>ITrainerEstimator&lt;,&gt;</c>).</summary>
        public bool IsTrainer(ITypeSymbol? type)
        {
            if (type is null || _trainer is null)
            {
                return false;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, _trainer))
                {
                    return true;
                }
            }

            return false;
        }

        private static MLContextKnowledge? Create(Compilation compilation)
        {
            var randomness = RandomnessKnowledge.For(compilation);
            return randomness.HasMicrosoftML && compilation.GetTypeByMetadataName("Microsoft.ML.MLContext") is { } context
                ? new MLContextKnowledge(randomness, context, compilation)
                : null;
        }

        private bool CarriesUncached(ITypeSymbol type)
        {
            if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, _context))
            {
                return true;
            }

            if (type.TypeKind == TypeKind.Interface)
            {
                foreach (var implemented in _context.AllInterfaces)
                {
                    if (SymbolEqualityComparer.Default.Equals(implemented, type))
                    {
                        return true;
                    }
                }
            }

            if (_catalog is not null)
            {
                foreach (var implemented in type.AllInterfaces)
                {
                    if (SymbolEqualityComparer.Default.Equals(implemented, _catalog))
                    {
                        return true;
                    }
                }
            }

            for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(baseType, _trainerCatalog))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
