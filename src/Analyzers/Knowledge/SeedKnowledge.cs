using System;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace Seeding.Analyzers.Knowledge
{
    /// <summary>
    /// What the inventory says about seed values, resolved once per compilation: which
    /// parameter or property of a seeding API takes the seed, which members give a value that
    /// differs from run to run, and which calls reseed a generator from the clock.
    /// </summary>
    internal sealed class SeedKnowledge
    {
        /// <summary>
        /// Types whose instance members in the inventory only describe the instance's own value
        /// (<c>DateTime.Ticks</c>, <c>Guid.GetHashCode()</c>): they differ per run only when the
        /// instance does (<c>DateTime.Now</c>, not <c>new DateTime(2020, 1, 1)</c>).
        /// </summary>
        private static readonly string[] ValueDescribingTypes = { "System.DateTime", "System.DateTimeOffset", "System.Guid" };

        /// <summary>
        /// Identity hashes: not randomised per process (two runs of the same program were seen to
        /// agree), merely without a stability contract, so they are not a per-run source.
        /// </summary>
        private static readonly string[] IdentityHashTypes = { "System.Object", "System.Runtime.CompilerServices.RuntimeHelpers" };

        private static readonly ConditionalWeakTable<Compilation, SeedKnowledge> Cache = new ConditionalWeakTable<Compilation, SeedKnowledge>();

        private readonly IMethodSymbol? _equalityComparerHash;
        private readonly IMethodSymbol? _equalityComparerInterfaceHash;

        private SeedKnowledge(Compilation compilation)
        {
            Randomness = RandomnessKnowledge.For(compilation);
            _equalityComparerHash = HashOfT(compilation.GetTypeByMetadataName("System.Collections.Generic.EqualityComparer`1"));
            _equalityComparerInterfaceHash = HashOfT(compilation.GetTypeByMetadataName("System.Collections.Generic.IEqualityComparer`1"));

            foreach (var pair in Randomness.MembersOf(entry => entry.Role == RandomnessRole.Seed && entry.ParameterTypes is null))
            {
                if (pair.Key is IPropertySymbol or IFieldSymbol && IsSeedMember(pair.Key))
                {
                    HasSeedMembers = true;
                    break;
                }
            }
        }

        /// <summary>The inventory resolved for the same compilation.</summary>
        public RandomnessKnowledge Randomness { get; }

        /// <summary>True when a referenced library has an integer seed field or property (ML.NET trainer options' <c>Seed</c>).</summary>
        public bool HasSeedMembers { get; }

        public static SeedKnowledge For(Compilation compilation) => Cache.GetValue(compilation, c => new SeedKnowledge(c));

        /// <summary>
        /// The parameter that takes the seed when <paramref name="method"/> is a seeding API
        /// (an inventory <c>seed</c> row, or a consumer that accepts a seed such as TorchSharp's
        /// DataLoader): its integer parameter named <c>seed</c> (<c>Seed</c> for System.Random),
        /// as the inventory's signatures name it. Null for every other method.
        /// </summary>
        public IParameterSymbol? SeedParameter(IMethodSymbol method)
            => Randomness.Find(method) is { Role: RandomnessRole.Seed or RandomnessRole.Consumer }
                && Randomness.SeedParameter(method) is { } parameter
                && IsIntegerSeedType(parameter.Type)
                ? parameter
                : null;

        /// <summary>An integer field or property the inventory lists as a seed (ML.NET options' <c>Seed</c>, <c>FeatureSelectionSeed</c>).</summary>
        public bool IsSeedMember(ISymbol member)
            => member switch
            {
                IFieldSymbol field => IsIntegerSeedType(field.Type),
                IPropertySymbol property => IsIntegerSeedType(property.Type),
                _ => false,
            }
            && Randomness.Find(member) is { Role: RandomnessRole.Seed };

        /// <summary>
        /// True when the value <paramref name="member"/> gives differs from run to run whatever
        /// its receiver and arguments: the clock, the process id, new GUIDs, per-process
        /// randomised hashes, cryptographic randomness, unseeded generators. Members that only
        /// describe their receiver (<c>DateTime.Ticks</c>) are not: they vary when the receiver does.
        /// </summary>
        public bool IsRunDependent(ISymbol member)
        {
            if (Randomness.Find(member) is { Role: RandomnessRole.NondeterministicSeedSource } entry)
            {
                return Array.IndexOf(IdentityHashTypes, entry.TypeMetadataName) < 0
                    && (member.IsStatic || member is IMethodSymbol { MethodKind: MethodKind.Constructor }
                        || Array.IndexOf(ValueDescribingTypes, entry.TypeMetadataName) < 0);
            }

            return member is IMethodSymbol method && IsStringHashThroughComparer(method);
        }

        /// <summary><c>torch.seed()</c>, <c>torch.random.seed()</c>, <c>Generator.seed()</c>: reseed from the clock.</summary>
        public bool IsReseedFromClock(IMethodSymbol method)
            => Randomness.Find(method) is { Role: RandomnessRole.NondeterministicSeedSource, Library: "TorchSharp", Member: "seed" };

        /// <summary>int, long, their unsigned and smaller relatives, and their nullable forms.</summary>
        public static bool IsIntegerSeedType(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments.Length: 1 } nullable)
            {
                type = nullable.TypeArguments[0];
            }

            return type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64
                or SpecialType.System_UInt32 or SpecialType.System_UInt64
                or SpecialType.System_Int16 or SpecialType.System_UInt16
                or SpecialType.System_Byte or SpecialType.System_SByte;
        }

        /// <summary><c>EqualityComparer&lt;string&gt;.Default.GetHashCode(s)</c> and the interface's: string hashes are randomised per process.</summary>
        private bool IsStringHashThroughComparer(IMethodSymbol method)
        {
            var definition = method.OriginalDefinition;
            return (SymbolEqualityComparer.Default.Equals(definition, _equalityComparerHash)
                    || SymbolEqualityComparer.Default.Equals(definition, _equalityComparerInterfaceHash))
                && method.ContainingType.TypeArguments.Length == 1
                && method.ContainingType.TypeArguments[0].SpecialType == SpecialType.System_String;
        }

        /// <summary>The <c>GetHashCode(T)</c> member of a generic comparer type.</summary>
        private static IMethodSymbol? HashOfT(INamedTypeSymbol? comparer)
        {
            if (comparer is null || comparer.TypeParameters.Length != 1)
            {
                return null;
            }

            foreach (var member in comparer.GetMembers(nameof(GetHashCode)))
            {
                if (member is IMethodSymbol { Parameters.Length: 1 } method
                    && SymbolEqualityComparer.Default.Equals(method.Parameters[0].Type, comparer.TypeParameters[0]))
                {
                    return method;
                }
            }

            return null;
        }
    }
}
