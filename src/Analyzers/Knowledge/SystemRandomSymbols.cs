using Microsoft.CodeAnalysis;

namespace Seeding.Analyzers.Knowledge
{
    /// <summary>
    /// The System.Random members that matter for seeding, resolved once per compilation.
    /// </summary>
    internal sealed class SystemRandomSymbols
    {
        private SystemRandomSymbols(INamedTypeSymbol type, IMethodSymbol? unseededConstructor, IPropertySymbol? shared)
        {
            Type = type;
            UnseededConstructor = unseededConstructor;
            Shared = shared;
        }

        /// <summary>System.Random.</summary>
        public INamedTypeSymbol Type { get; }

        /// <summary><c>Random()</c>: seeds itself from an unpredictable source.</summary>
        public IMethodSymbol? UnseededConstructor { get; }

        /// <summary><c>Random.Shared</c> (.NET 6+): a process-wide instance that cannot be seeded.</summary>
        public IPropertySymbol? Shared { get; }

        /// <summary>Returns null when the compilation has no System.Random at all.</summary>
        public static SystemRandomSymbols? TryCreate(Compilation compilation)
        {
            var type = compilation.GetTypeByMetadataName("System.Random");
            if (type is null)
            {
                return null;
            }

            IMethodSymbol? unseeded = null;
            foreach (var constructor in type.InstanceConstructors)
            {
                if (constructor.Parameters.Length == 0)
                {
                    unseeded = constructor;
                }
            }

            IPropertySymbol? shared = null;
            foreach (var member in type.GetMembers("Shared"))
            {
                if (member is IPropertySymbol { IsStatic: true } property)
                {
                    shared = property;
                }
            }

            return new SystemRandomSymbols(type, unseeded, shared);
        }

        /// <summary>True when <paramref name="type"/> is an integer type a Random seed (int) accepts without a cast.</summary>
        public static bool IsImplicitSeedType(ITypeSymbol type)
            => type.SpecialType is SpecialType.System_Int32
                or SpecialType.System_Int16
                or SpecialType.System_UInt16
                or SpecialType.System_Byte
                or SpecialType.System_SByte;
    }
}
