using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace Seeding.Analyzers.Flow
{
    /// <summary>
    /// A cheap look at a declared body before its control-flow graph is built. A body is quiet
    /// when neither it nor any of the project's code it runs can seed, reseed or draw from
    /// TorchSharp's global generator, and its end is plainly reachable. Walking a quiet body
    /// would only carry the entry state to the exit unchanged, so its summary is known without
    /// a graph. Most of a program's methods are quiet; building their graphs was most of the
    /// model's cost. Anything this look cannot vouch for (code whose every path may throw, an
    /// endless loop, a goto, code the look does not understand) makes the body not quiet, and it is
    /// walked as before: the answer never changes, only the work.
    /// </summary>
    internal sealed class QuietBodies
    {
        private readonly ExecutionOrder _order;
        private readonly ConcurrentDictionary<ISymbol, bool> _quiet = new ConcurrentDictionary<ISymbol, bool>(SymbolEqualityComparer.Default);

        public QuietBodies(ExecutionOrder order)
        {
            _order = order;
        }

        public bool IsQuiet(FlowBody body)
        {
            var lowest = int.MaxValue;
            return IsQuiet(body, new Dictionary<ISymbol, int>(SymbolEqualityComparer.Default), ref lowest);
        }

        /// <summary>
        /// A body on the current path (recursion) is taken to be quiet; the answer of a body that
        /// relied on that for a body further up the path is not cached, since that body may turn
        /// out not to be. <paramref name="lowest"/> receives the depth of the highest such body.
        /// </summary>
        private bool IsQuiet(FlowBody body, Dictionary<ISymbol, int> path, ref int lowest)
        {
            if (!body.IsDeclared)
            {
                return false;
            }

            if (_quiet.TryGetValue(body.Key, out var known))
            {
                return known;
            }

            if (path.TryGetValue(body.Key, out var onPath))
            {
                lowest = Math.Min(lowest, onPath);
                return true;
            }

            if (path.Count >= ExecutionOrder.MaxCallDepth)
            {
                // As deep as the walk itself follows calls (and the stack allows): not known to be
                // quiet, so the body is walked, which is always right, only slower.
                return false;
            }

            var depth = path.Count;
            path.Add(body.Key, depth);
            var reliedOn = int.MaxValue;
            var quiet = true;
            foreach (var part in body.Prologue)
            {
                if (!IsQuiet(part, path, ref reliedOn))
                {
                    quiet = false;
                    break;
                }
            }

            if (quiet && body.Code is { } code)
            {
                quiet = IsQuietCode(code, path, ref reliedOn);
            }

            path.Remove(body.Key);
            if (!quiet || reliedOn >= depth)
            {
                _quiet.TryAdd(body.Key, quiet);
            }
            else
            {
                lowest = Math.Min(lowest, reliedOn);
            }

            return quiet;
        }

        private bool IsQuietCode(SyntaxNode code, Dictionary<ISymbol, int> path, ref int lowest)
        {
            var root = _order.ModelFor(code.SyntaxTree).GetOperation(code);
            if (root is null)
            {
                return true; // no operations: the graph cannot be built either, and the walk passes straight through
            }

            if (!CanReachEnd(root))
            {
                return false;
            }

            var pending = new Stack<IOperation>();
            pending.Push(root);
            while (pending.Count > 0)
            {
                var operation = pending.Pop();
                if (!IsQuietOperation(operation, path, ref lowest))
                {
                    return false;
                }

                foreach (var child in operation.ChildOperations)
                {
                    pending.Push(child);
                }
            }

            return true;
        }

        private bool IsQuietOperation(IOperation operation, Dictionary<ISymbol, int> path, ref int lowest)
        {
            switch (operation)
            {
                case IInvocationOperation invocation:
                    return IsQuietCall(invocation.TargetMethod, path, ref lowest);
                case IObjectCreationOperation creation:
                    return creation.Constructor is null || IsQuietCall(creation.Constructor, path, ref lowest);
                case IMethodReferenceOperation reference:
                    return IsQuietCall(reference.Method, path, ref lowest);
                case IPropertyReferenceOperation property:
                    // The walk runs the getter, or the setter when assigned: both must be quiet.
                    return (property.Property.GetMethod is not { } getter || IsQuietCall(getter, path, ref lowest))
                        && (property.Property.SetMethod is not { } setter || IsQuietCall(setter, path, ref lowest));
                case IBinaryOperation { OperatorMethod: { } method }:
                    return IsQuietCall(method, path, ref lowest);
                case IUnaryOperation { OperatorMethod: { } method }:
                    return IsQuietCall(method, path, ref lowest);
                case ICompoundAssignmentOperation { OperatorMethod: { } method }:
                    return IsQuietCall(method, path, ref lowest);
                case IConversionOperation { OperatorMethod: { } method }:
                    return IsQuietCall(method, path, ref lowest);
                case IForEachLoopOperation loop:
                    return IsQuietForEach(loop, path, ref lowest);
                case IUsingOperation or IUsingDeclarationOperation:
                    return !DisposesSourceType(operation);
                case IAnonymousFunctionOperation lambda:
                    return CanReachEnd(lambda.Body); // a lambda that always throws ends the code that runs it
                case ILocalFunctionOperation local:
                    return local.Body is null || CanReachEnd(local.Body);
                case IBranchOperation branch:
                    return branch.BranchKind != BranchKind.GoTo;
                case IWhileLoopOperation loop:
                    return !IsEndless(loop.Condition);
                case IForLoopOperation loop:
                    return !IsEndless(loop.Condition);
                default:
                    // Code the operation tree does not model: the graph may hold calls this look cannot see.
                    return operation.Kind != OperationKind.None;
            }
        }

        /// <summary>A call of a library member that touches the global generator, or of the project's code that is not quiet.</summary>
        private bool IsQuietCall(IMethodSymbol method, Dictionary<ISymbol, int> path, ref int lowest)
        {
            var knowledge = _order.Knowledge;
            if (knowledge.IsTorchGlobalSeed(method)
                || knowledge.IsTorchGlobalReseed(method)
                || knowledge.Find(method) is { DrawsFromTorchGlobalOnCall: true })
            {
                return false;
            }

            // Local functions and lambdas are part of this body's code; delegates run nothing the walk follows.
            if (method.MethodKind is MethodKind.LocalFunction or MethodKind.AnonymousFunction or MethodKind.DelegateInvoke)
            {
                return true;
            }

            return _order.BodyOf(method) is not { } callee || IsQuiet(callee, path, ref lowest);
        }

        /// <summary>The graph lowers foreach into calls of GetEnumerator, MoveNext and Dispose, which may be the project's own.</summary>
        private bool IsQuietForEach(IForEachLoopOperation loop, Dictionary<ISymbol, int> path, ref int lowest)
        {
            if (loop.Syntax is not CommonForEachStatementSyntax syntax || loop.SemanticModel is not { } model)
            {
                return false;
            }

            var info = model.GetForEachStatementInfo(syntax);
            foreach (var method in new[] { info.GetEnumeratorMethod, info.MoveNextMethod, info.DisposeMethod })
            {
                if (method is not null && !IsQuietCall(method, path, ref lowest))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>A using whose resource is the project's own type: its Dispose may be called directly.</summary>
        private static bool DisposesSourceType(IOperation usingOperation)
        {
            foreach (var child in usingOperation.ChildOperations)
            {
                if (child is IVariableDeclarationGroupOperation group)
                {
                    foreach (var declaration in group.Declarations)
                    {
                        foreach (var declarator in declaration.Declarators)
                        {
                            if (IsSourceType(declarator.Symbol.Type))
                            {
                                return true;
                            }
                        }
                    }
                }
                else if (child.Type is { } type && IsSourceType(type))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsSourceType(ITypeSymbol type)
            => type.Locations.Length > 0 && type.Locations[0].IsInSource;

        private static bool IsEndless(IOperation? condition)
            => condition is null || condition.ConstantValue is { HasValue: true, Value: true };

        /// <summary>
        /// True when some path through <paramref name="operation"/> gets past it or returns: only
        /// throws end every path, and code whose every branch throws. Answers false whenever it
        /// cannot tell (a constant condition, a do-while whose body throws).
        /// </summary>
        private static bool CanReachEnd(IOperation operation)
        {
            switch (operation)
            {
                case IThrowOperation:
                    return false;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return true; // runs where it is called; its own end is checked on its own
                case IConditionalOperation conditional:
                    if (!CanReachEnd(conditional.Condition))
                    {
                        return false;
                    }

                    var whenFalse = conditional.WhenFalse is null || CanReachEnd(conditional.WhenFalse);
                    return conditional.Condition.ConstantValue.HasValue
                        ? CanReachEnd(conditional.WhenTrue) && whenFalse
                        : CanReachEnd(conditional.WhenTrue) || whenFalse;
                case ICoalesceOperation coalesce:
                    return CanReachEnd(coalesce.Value) && (!coalesce.Value.ConstantValue.HasValue || CanReachEnd(coalesce.WhenNull));
                case ISwitchExpressionOperation switchExpression:
                    return CanReachEnd(switchExpression.Value) && AnyCanReachEnd(switchExpression.Arms);
                case ISwitchOperation switchStatement:
                    if (!CanReachEnd(switchStatement.Value))
                    {
                        return false;
                    }

                    foreach (var section in switchStatement.Cases)
                    {
                        if (AllCanReachEnd(section.Body))
                        {
                            return true;
                        }
                    }

                    return false;
                case ITryOperation tryOperation:
                    var completes = CanReachEnd(tryOperation.Body);
                    foreach (var clause in tryOperation.Catches)
                    {
                        completes = completes || CanReachEnd(clause.Handler);
                    }

                    return completes && (tryOperation.Finally is null || CanReachEnd(tryOperation.Finally));
                case IWhileLoopOperation loop:
                    return loop.ConditionIsTop
                        ? loop.Condition is null || CanReachEnd(loop.Condition)
                        : CanReachEnd(loop.Body) && (loop.Condition is null || CanReachEnd(loop.Condition));
                case IForLoopOperation loop:
                    return AllCanReachEnd(loop.Before) && (loop.Condition is null || CanReachEnd(loop.Condition));
                case IForEachLoopOperation loop:
                    return CanReachEnd(loop.Collection);
                default:
                    foreach (var child in operation.ChildOperations)
                    {
                        if (!CanReachEnd(child))
                        {
                            return false;
                        }
                    }

                    return true;
            }
        }

        private static bool AllCanReachEnd(ImmutableArray<IOperation> operations)
        {
            foreach (var operation in operations)
            {
                if (!CanReachEnd(operation))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool AnyCanReachEnd(ImmutableArray<ISwitchExpressionArmOperation> arms)
        {
            foreach (var arm in arms)
            {
                if (CanReachEnd(arm))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
