using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace Seeding.Analyzers.Knowledge
{
    /// <summary>
    /// Which TorchSharp operations put work on a CUDA device, and which calls seed the CUDA
    /// generators, from the inventory's <c>device</c> and <c>seed</c> rows. A member that takes
    /// a device description signals CUDA only when that description names CUDA as a constant
    /// (directly, as a branch of a conditional, or as a local's initialiser); probes such as
    /// <c>torch.cuda.is_available()</c> never do.
    /// </summary>
    internal sealed class CudaSignals
    {
        /// <summary>How far a device description is followed through locals.</summary>
        private const int MaxLocalDepth = 2;

        private readonly RandomnessKnowledge _knowledge;
        private readonly INamedTypeSymbol? _deviceType;
        private readonly object? _cudaValue;

        private CudaSignals(RandomnessKnowledge knowledge, INamedTypeSymbol? deviceType, object? cudaValue)
        {
            _knowledge = knowledge;
            _deviceType = deviceType;
            _cudaValue = cudaValue;
        }

        /// <summary>The signals of a compilation, or null when it does not reference TorchSharp.</summary>
        public static CudaSignals? TryCreate(Compilation compilation)
        {
            var knowledge = RandomnessKnowledge.For(compilation);
            if (!knowledge.HasTorchSharp)
            {
                return null;
            }

            var deviceType = compilation.GetTypeByMetadataName("TorchSharp.DeviceType");
            object? cudaValue = null;
            if (deviceType is not null)
            {
                foreach (var member in deviceType.GetMembers("CUDA"))
                {
                    if (member is IFieldSymbol { HasConstantValue: true } field && knowledge.Find(field) is { Role: RandomnessRole.Device })
                    {
                        cudaValue = field.ConstantValue;
                    }
                }
            }

            return new CudaSignals(knowledge, deviceType, cudaValue);
        }

        /// <summary><c>torch.cuda.manual_seed</c> or <c>torch.cuda.manual_seed_all</c>.</summary>
        public bool IsCudaSeed(IMethodSymbol method)
            => _knowledge.Find(method) is { Role: RandomnessRole.Seed, Library: "TorchSharp", TypeMetadataName: "TorchSharp.torch+cuda" };

        /// <summary><c>torch.manual_seed(long)</c> or <c>torch.random.manual_seed(long)</c>: the CPU seed, whose argument is a seed value.</summary>
        public bool IsCpuGlobalSeed(IMethodSymbol method)
            => _knowledge.IsTorchGlobalSeed(method) && _knowledge.Find(method) is { Member: "manual_seed" };

        /// <summary>
        /// True when <paramref name="operation"/> (an invocation, object creation, user-defined
        /// conversion, or a reference to <c>torch.CUDA</c> / <c>DeviceType.CUDA</c>) puts work on a CUDA device.
        /// </summary>
        public bool IsCudaUse(IOperation operation)
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    return IsCudaCall(invocation.TargetMethod, invocation.Arguments);
                case IObjectCreationOperation creation:
                    return IsCudaCall(creation.Constructor, creation.Arguments);
                case IConversionOperation { OperatorMethod: { } conversion } converted:
                    return TakesDeviceDescription(DeviceEntry(conversion)) && NamesCuda(converted.Operand, 0);
                case IPropertyReferenceOperation or IFieldReferenceOperation:
                    return IsCudaConstantMember(operation) && !IsDecidedElsewhere(operation);
                default:
                    return false;
            }
        }

        private bool IsCudaCall(IMethodSymbol? method, ImmutableArray<IArgumentOperation> arguments)
        {
            var entry = DeviceEntry(method);
            if (entry is null)
            {
                return false;
            }

            if (entry.Member == "cuda")
            {
                return true; // tensor.cuda(), module.cuda(), storage.cuda()
            }

            if (!TakesDeviceDescription(entry))
            {
                return false; // probes and queries: is_available, device_count, cpu(), ...
            }

            // device(int index) and Device(int index): an index alone means a CUDA device.
            if (entry.Member is "device" or ".ctor"
                && method!.Parameters.Length == 1
                && method.Parameters[0].Type.SpecialType == SpecialType.System_Int32)
            {
                return arguments.Length == 1
                    && arguments[0].Value.ConstantValue is { HasValue: true, Value: int index }
                    && index >= 0;
            }

            foreach (var argument in arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.DefaultValue && NamesCuda(argument.Value, 0))
                {
                    return true;
                }
            }

            return false;
        }

        private InventoryEntry? DeviceEntry(ISymbol? member)
            => _knowledge.Find(member) is { Role: RandomnessRole.Device, Library: "TorchSharp" } entry ? entry : null;

        /// <summary>Members whose device comes from an argument; CUDA only if that argument names it.</summary>
        private static bool TakesDeviceDescription(InventoryEntry? entry)
            => entry is not null
                && entry.Member is "device" or ".ctor" or "to" or "set_default_device" or "op_Implicit" or "InitializeDevice" or "InitializeDeviceType";

        /// <summary><c>torch.CUDA</c> or <c>DeviceType.CUDA</c>.</summary>
        private bool IsCudaConstantMember(IOperation operation)
        {
            var member = operation switch
            {
                IPropertyReferenceOperation property => (ISymbol)property.Property,
                IFieldReferenceOperation field => field.Field,
                _ => null,
            };

            return DeviceEntry(member) is { Member: "CUDA" };
        }

        /// <summary>
        /// A device description names CUDA: the string "cuda" or "cuda:N" (any case, as
        /// TorchSharp parses it), <c>DeviceType.CUDA</c>, <c>torch.CUDA</c>, a CUDA device made
        /// in place, or a conditional or local whose value may be one of those.
        /// </summary>
        private bool NamesCuda(IOperation? value, int depth)
        {
            for (; value is not null; value = (value as IConversionOperation)?.Operand)
            {
                if (value.ConstantValue is { HasValue: true, Value: var constant })
                {
                    if (constant is string text)
                    {
                        return IsCudaDescription(text);
                    }

                    if (_deviceType is not null
                        && SymbolEqualityComparer.Default.Equals(value.Type, _deviceType)
                        && constant is not null
                        && constant.Equals(_cudaValue))
                    {
                        return true;
                    }
                }

                switch (value)
                {
                    case IConditionalOperation conditional:
                        return NamesCuda(conditional.WhenTrue, depth) || NamesCuda(conditional.WhenFalse, depth);
                    case ICoalesceOperation coalesce:
                        return NamesCuda(coalesce.Value, depth) || NamesCuda(coalesce.WhenNull, depth);
                    case IPropertyReferenceOperation or IFieldReferenceOperation:
                        return IsCudaConstantMember(value);
                    case IInvocationOperation or IObjectCreationOperation:
                        return IsCudaUse(value);
                    case ILocalReferenceOperation local when depth < MaxLocalDepth:
                        return NamesCuda(InitialValue(local), depth + 1);
                }
            }

            return false;
        }

        private static bool IsCudaDescription(string text)
        {
            var trimmed = text.Trim();
            return trimmed.Equals("cuda", StringComparison.OrdinalIgnoreCase)
                || trimmed.StartsWith("cuda:", StringComparison.OrdinalIgnoreCase);
        }

        /// <summary>The initialiser of a local declared once in the same file, if any.</summary>
        private static IOperation? InitialValue(ILocalReferenceOperation reference)
        {
            var local = reference.Local;
            var model = reference.SemanticModel;
            if (model is null || local.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var declarator = local.DeclaringSyntaxReferences[0].GetSyntax();
            return declarator.SyntaxTree == model.SyntaxTree
                && model.GetOperation(declarator) is IVariableDeclaratorOperation { Initializer.Value: { } initial }
                ? initial
                : null;
        }

        /// <summary>
        /// A reference to <c>torch.CUDA</c> / <c>DeviceType.CUDA</c> that is not itself a use: it
        /// is compared with something, named in <c>nameof</c>, or passed to a TorchSharp device
        /// member (which decides: <c>TryInitializeDeviceType(DeviceType.CUDA)</c> is a probe).
        /// </summary>
        private bool IsDecidedElsewhere(IOperation reference)
        {
            for (var parent = reference.Parent; parent is not null; parent = parent.Parent)
            {
                switch (parent)
                {
                    case IConversionOperation or IConditionalOperation or ICoalesceOperation:
                        continue;
                    case INameOfOperation:
                    case IBinaryOperation:
                    case IPatternOperation:
                    case ICaseClauseOperation:
                        return true;
                    case IArgumentOperation when parent.Parent is IInvocationOperation invocation:
                        return DeviceEntry(invocation.TargetMethod) is not null;
                    case IArgumentOperation when parent.Parent is IObjectCreationOperation creation:
                        return DeviceEntry(creation.Constructor) is not null;
                    default:
                        return false;
                }
            }

            return false;
        }
    }
}
