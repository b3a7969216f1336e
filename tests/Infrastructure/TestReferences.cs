using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace Seeding.Analyzers.Tests.Infrastructure
{
    /// <summary>
    /// The real reference assemblies test compilations are built against: the SDK's .NET
    /// targeting pack and libraries from their restored NuGet packages. Locations are recorded
    /// in the test assembly at build time (see the test project), so nothing is downloaded.
    /// </summary>
    internal static class TestReferences
    {
        private static readonly Lazy<ImmutableArray<MetadataReference>> LazyNet = new(() => FromDirectory(Metadata("NetReferenceDirectory")));

        private static readonly Lazy<ImmutableArray<MetadataReference>> LazyTorchSharp = new(() => ImmutableArray.Create<MetadataReference>(
            MetadataReference.CreateFromFile(Package("torchsharp", "0.107.0", "lib/net8.0/TorchSharp.dll"))));

        private static readonly Lazy<ImmutableArray<MetadataReference>> LazyTorchVision = new(() => ImmutableArray.Create<MetadataReference>(
            MetadataReference.CreateFromFile(Package("torchvision", "0.107.0", "lib/net8.0/TorchVision.dll"))));

        private static readonly Lazy<ImmutableArray<MetadataReference>> LazyMicrosoftML = new(() =>
            FromDirectory(Package("microsoft.ml", "5.0.1", "lib/netstandard2.0"))
                .AddRange(FromDirectory(Package("microsoft.ml.dataview", "5.0.1", "lib/netstandard2.0")))
                .AddRange(FromDirectory(Package("microsoft.ml.cpumath", "5.0.1", "lib/netstandard2.0")))
                .AddRange(FromDirectory(Package("microsoft.ml.fasttree", "5.0.1", "lib/netstandard2.0")))
                .AddRange(FromDirectory(Package("microsoft.ml.lightgbm", "5.0.1", "lib/netstandard2.0"))));

        private static readonly Lazy<ImmutableArray<MetadataReference>> LazyMathNet = new(() => ImmutableArray.Create<MetadataReference>(
            MetadataReference.CreateFromFile(Package("mathnet.numerics", "5.0.0", "lib/net6.0/MathNet.Numerics.dll"))));

        /// <summary>An empty reference set: everything comes from <see cref="Net"/> and friends.</summary>
        public static ReferenceAssemblies None { get; } = new ReferenceAssemblies("net10.0");

        /// <summary>The .NET 10 reference assemblies.</summary>
        public static ImmutableArray<MetadataReference> Net => LazyNet.Value;

        /// <summary>TorchSharp 0.107.0's managed assembly (never the native library).</summary>
        public static ImmutableArray<MetadataReference> TorchSharp => LazyTorchSharp.Value;

        /// <summary>TorchVision 0.107.0's managed assembly.</summary>
        public static ImmutableArray<MetadataReference> TorchVision => LazyTorchVision.Value;

        /// <summary>ML.NET 5.0.1: Microsoft.ML with DataView, CpuMath, FastTree and LightGbm.</summary>
        public static ImmutableArray<MetadataReference> MicrosoftML => LazyMicrosoftML.Value;

        /// <summary>MathNet.Numerics 5.0.0.</summary>
        public static ImmutableArray<MetadataReference> MathNet => LazyMathNet.Value;

        /// <summary>The references for a set of libraries, .NET itself always included.</summary>
        public static ImmutableArray<MetadataReference> For(Libraries libraries)
        {
            var references = Net;
            if (libraries.HasFlag(Libraries.TorchSharp) || libraries.HasFlag(Libraries.TorchVision))
            {
                references = references.AddRange(TorchSharp);
            }

            if (libraries.HasFlag(Libraries.TorchVision))
            {
                references = references.AddRange(TorchVision);
            }

            if (libraries.HasFlag(Libraries.MicrosoftML))
            {
                references = references.AddRange(MicrosoftML);
            }

            if (libraries.HasFlag(Libraries.MathNet))
            {
                references = references.AddRange(MathNet);
            }

            return references;
        }

        /// <summary>The repository checkout the tests were built from.</summary>
        public static string RepositoryRoot => Metadata("RepositoryRoot");

        private static string Package(string id, string version, string relativePath)
        {
            var path = Path.Combine(Metadata("NuGetPackageRoot"), id, version, relativePath);
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new FileNotFoundException($"Reference assembly missing: {path}. Run 'dotnet restore' for the tests project first.", path);
            }

            return path;
        }

        private static ImmutableArray<MetadataReference> FromDirectory(string directory)
            => Directory.GetFiles(directory, "*.dll")
                .OrderBy(path => path, StringComparer.Ordinal)
                .Select(path => (MetadataReference)MetadataReference.CreateFromFile(path))
                .ToImmutableArray();

        private static string Metadata(string key)
        {
            var value = typeof(TestReferences).Assembly
                .GetCustomAttributes<AssemblyMetadataAttribute>()
                .FirstOrDefault(attribute => attribute.Key == key)?.Value;
            if (string.IsNullOrEmpty(value))
            {
                throw new InvalidOperationException($"The test assembly records no '{key}'; rebuild the tests project.");
            }

            return value;
        }
    }
}
