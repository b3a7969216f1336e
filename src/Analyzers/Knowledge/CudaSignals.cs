using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.Flow;

namespace Seeding.Analyzers.Knowledge
{
    /// <summary>
    /// Which TorchSharp operations put work on a CUDA device, and which calls seed the CUDA
    /// generators, from the inventory's <c>device</c> and <c>seed</c> rows. A member that takes
    /// a device description signals CUDA only when that description may be a constant naming CUDA
    /// (directly, or as one of the values <see cref="ValueSources"/> finds it may come from); probes such as
    /// <c>torch.cuda.is_available()</c> never do.
    /// </summary>
    internal sealed class CudaSignals
    {
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

        /// <summary>The inventory row of <c>torch.cuda.manual_seed</c> or <c>torch.cuda.manual_seed_all</c>.</summary>
        public static bool IsCudaSeed(InventoryEntry entry)
            => entry is { Role: RandomnessRole.Seed, Library: "TorchSharp", TypeMetadataName: "TorchSharp.torch+cuda" };

        /// <summary>
        /// True when <paramref name="operation"/> (an invocation, object creation, user-defined
        /// conversion, or a reference to <c>torch.CUDA</c> / <c>DeviceType.CUDA</c>) puts work on a CUDA device.
        /// </summary>
        public bool IsCudaUse(IOperation operation) => IsCudaUse(operation, sources: null);

        /// <summary><see cref="IsCudaUse(IOperation)"/> within a walk already under way (a device made inside a description).</summary>
        private bool IsCudaUse(IOperation operation, ValueSources? sources)
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    return IsCudaCall(invocation.TargetMethod, invocation.Arguments, sources);
                case IObjectCreationOperation creation:
                    return IsCudaCall(creation.Constructor, creation.Arguments, sources);
                case IConversionOperation { OperatorMethod: { } conversion } converted:
                    return TakesDeviceDescription(DeviceEntry(conversion)) && NamesCuda(converted.Operand, sources ?? new ValueSources());
                case IPropertyReferenceOperation or IFieldReferenceOperation:
                    return IsCudaConstantMember(operation) && !IsDecidedElsewhere(operation);
                default:
                    return false;
            }
        }

        private bool IsCudaCall(IMethodSymbol? method, ImmutableArray<IArgumentOperation> arguments, ValueSources? sources)
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
                && method!.Parameters is { Length: 1 } parameters
                && parameters[0].Type.SpecialType == SpecialType.System_Int32)
            {
                return arguments.Length == 1
                    && arguments[0].Value.ConstantValue is { HasValue: true, Value: int index }
                    && index >= 0;
            }

            foreach (var argument in arguments)
            {
                if (argument.ArgumentKind != ArgumentKind.DefaultValue && NamesCuda(argument.Value, sources ??= new ValueSources()))
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
        /// A device description names CUDA: one of the values it may come from (as
        /// <see cref="ValueSources"/> follows it through conversions, conditionals and locals) is
        /// the string "cuda" or "cuda:N" (any case, as TorchSharp parses it), <c>DeviceType.CUDA</c>,
        /// <c>torch.CUDA</c> or a CUDA device made in place.
        /// </summary>
        private bool NamesCuda(IOperation value, ValueSources sources)
        {
            foreach (var leaf in sources.LeavesOf(value))
            {
                if (IsCudaLeaf(leaf, sources))
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsCudaLeaf(IOperation leaf, ValueSources sources)
        {
            if (leaf.ConstantValue is { HasValue: true, Value: var constant })
            {
                if (constant is string text)
                {
                    return IsCudaDescription(text);
                }

                if (_deviceType is not null
                    && SymbolEqualityComparer.Default.Equals(leaf.Type, _deviceType)
                    && constant is not null
                    && constant.Equals(_cudaValue))
                {
                    return true;
                }
            }

            return leaf switch
            {
                IPropertyReferenceOperation or IFieldReferenceOperation => IsCudaConstantMember(leaf),
                IInvocationOperation or IObjectCreationOperation => IsCudaUse(leaf, sources),
                _ => false,
            };
        }

        private static bool IsCudaDescription(string text)
        {
            var trimmed = text.Trim();
            return trimmed.Equals("cuda", StringComparison.OrdinalIgnoreCase)
                || trimmed.StartsWith("cuda:", StringComparison.OrdinalIgnoreCase);
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
