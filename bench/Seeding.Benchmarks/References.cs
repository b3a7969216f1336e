using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Reflection;
using Microsoft.CodeAnalysis;

namespace Seeding.Benchmarks
{
    /// <summary>
    /// What the generated code compiles against and where CA5394 comes from: the SDK's .NET 10
    /// reference assemblies and packages restored with this project. Their locations are recorded
    /// in the assembly at build time (see the project file); nothing is downloaded at run time.
    /// </summary>
    internal static class References
    {
        public const string TorchSharpVersion = "0.107.0";
        public const string NetAnalyzersVersion = "10.0.401";

        private static readonly Lazy<ImmutableArray<MetadataReference>> LazyNet =
            new Lazy<ImmutableArray<MetadataReference>>(() => FromDirectory(Metadata("NetReferenceDirectory")));

        private static readonly Lazy<MetadataReference> LazyTorchSharp =
            new Lazy<MetadataReference>(() => MetadataReference.CreateFromFile(Package("torchsharp", TorchSharpVersion, "lib/net8.0/TorchSharp.dll")));

        /// <summary>The .NET 10 reference assemblies (the targeting pack the SDK builds against).</summary>
        public static ImmutableArray<MetadataReference> Net => LazyNet.Value;

        /// <summary>TorchSharp's managed assembly.</summary>
        public static MetadataReference TorchSharp => LazyTorchSharp.Value;

        /// <summary>The folder holding the C# analyzers of Microsoft.CodeAnalysis.NetAnalyzers.</summary>
        public static string NetAnalyzersDirectory => Package("microsoft.codeanalysis.netanalyzers", NetAnalyzersVersion, "analyzers/dotnet/cs");

        /// <summary>The .NET reference assembly folder, for the report.</summary>
        public static string NetReferenceDirectory => Metadata("NetReferenceDirectory");

        /// <summary>The folder the NuGet packages were restored to (the global packages folder).</summary>
        public static string NuGetPackageRoot => Metadata("NuGetPackageRoot");

        /// <summary>The root of the repository the benchmark was built from (for packing Seeding.Analyzers).</summary>
        public static string RepositoryRoot => Metadata("RepositoryRoot");

        /// <summary>Debug or Release: timings from a Debug build of the analyzers mean little.</summary>
        public static string BuildConfiguration => Metadata("BuildConfiguration");

        private static string Package(string id, string version, string relativePath)
        {
            var path = Path.Combine(Metadata("NuGetPackageRoot"), id, version, relativePath);
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new FileNotFoundException($"Missing: {path}. Run 'dotnet restore bench/Seeding.Benchmarks' first.", path);
            }

            return path;
        }

        private static ImmutableArray<MetadataReference> FromDirectory(string directory)
        {
            var paths = Directory.GetFiles(directory, "*.dll");
            Array.Sort(paths, StringComparer.Ordinal);
            var references = new List<MetadataReference>(paths.Length);
            foreach (var path in paths)
            {
                references.Add(MetadataReference.CreateFromFile(path));
            }

            return references.ToImmutableArray();
        }

        private static string Metadata(string key)
        {
            foreach (var attribute in typeof(References).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>())
            {
                if (attribute.Key == key && !string.IsNullOrEmpty(attribute.Value))
                {
                    return attribute.Value;
                }
            }

            throw new InvalidOperationException($"The benchmark assembly records no '{key}'; rebuild bench/Seeding.Benchmarks.");
        }
    }
}
