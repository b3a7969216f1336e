using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Seeding.Analyzers.Rules;
using Xunit;

namespace Seeding.Analyzers.Tests.RuleSet
{
    /// <summary>
    /// The analyzers bind code only through the analyzer driver: the semantic models and
    /// operations it hands over, shared with every other analyzer. RS1030 flags
    /// <c>Compilation.GetSemanticModel</c> only inside a <c>DiagnosticAnalyzer</c> class, not in
    /// the helpers the rules call (the flow engine, the knowledge lookups), so this reads the
    /// analyzer assembly's metadata for every member it references, wherever the call is written.
    /// </summary>
    public sealed class DriverOnlyTests
    {
        /// <summary>Members that bind or build outside the driver: a fresh semantic model, a control-flow graph of one's own.</summary>
        private static readonly string[] Forbidden =
        {
            "Microsoft.CodeAnalysis.Compilation.GetSemanticModel",
            "Microsoft.CodeAnalysis.CSharp.CSharpCompilation.GetSemanticModel",
            "Microsoft.CodeAnalysis.FlowAnalysis.ControlFlowGraph.Create",
        };

        [Fact]
        public void TheAnalyzersReferenceNoMemberThatBindsOutsideTheDriver()
        {
            var referenced = ReferencedMembers(typeof(UnseededRandomAnalyzer).Assembly.Location);

            Assert.NotEmpty(referenced);
            Assert.Empty(Forbidden.Intersect(referenced));
        }

        /// <summary>The reading finds such a reference where there is one: the tests make their own semantic models.</summary>
        [Fact]
        public void TheReadingFindsAGetSemanticModelCallWhereThereIsOne()
            => Assert.Contains("Microsoft.CodeAnalysis.Compilation.GetSemanticModel", ReferencedMembers(typeof(DriverOnlyTests).Assembly.Location));

        /// <summary>Every member the assembly references in other assemblies, as <c>Namespace.Type.Member</c>.</summary>
        private static HashSet<string> ReferencedMembers(string path)
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            var metadata = pe.GetMetadataReader();
            var members = new HashSet<string>();
            foreach (var handle in metadata.MemberReferences)
            {
                var member = metadata.GetMemberReference(handle);
                if (TypeName(metadata, member.Parent) is { } type)
                {
                    members.Add(type + "." + metadata.GetString(member.Name));
                }
            }

            return members;
        }

        /// <summary>The referenced type's full name; for a generic instance, its definition's.</summary>
        private static string? TypeName(MetadataReader metadata, EntityHandle parent)
        {
            switch (parent.Kind)
            {
                case HandleKind.TypeReference:
                    var type = metadata.GetTypeReference((TypeReferenceHandle)parent);
                    var name = metadata.GetString(type.Name);
                    if (type.ResolutionScope.Kind == HandleKind.TypeReference)
                    {
                        return TypeName(metadata, type.ResolutionScope) + "+" + name;
                    }

                    var ns = metadata.GetString(type.Namespace);
                    return ns.Length == 0 ? name : ns + "." + name;
                case HandleKind.TypeSpecification:
                    var blob = metadata.GetBlobReader(metadata.GetTypeSpecification((TypeSpecificationHandle)parent).Signature);
                    if (blob.ReadSignatureTypeCode() == SignatureTypeCode.GenericTypeInstance)
                    {
                        blob.ReadSignatureTypeCode(); // class or value type
                        return TypeName(metadata, blob.ReadTypeHandle());
                    }

                    return null;
                default:
                    return null;
            }
        }
    }
}
