// SPDX-License-Identifier: GPL-3.0-or-later
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Austin.Platform;
using Austin.Python.Abi;

namespace Austin.Tests.Unit.Abi;

/// <summary>
/// The ABI structs of src/Python/Abi seen by reflection (tests only: austin itself takes offsets with
/// Unsafe.ByteOffset): which C types a target gives their type parameters, and where their fields lie once closed
/// over them, as the runtime lays them out.
/// </summary>
internal static class AbiTypes
{
    /// <summary>The ABI of this machine's interpreters, the ones the probe measures.</summary>
    public static TargetAbi Host => TargetAbi.For(TargetOs.Linux, RuntimeInformation.ProcessArchitecture);

    /// <summary>
    /// The C types a target gives each type parameter of the ABI structs, by the parameter's name (TLong, TMutex...),
    /// as its TargetAbi passes them to VersionTable.
    /// </summary>
    public static Dictionary<string, Type> TypeArguments(TargetAbi abi)
    {
        var layouts = (Delegate)typeof(TargetAbi).GetField("_layouts", BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(abi)!;
        Type table = layouts.Method.DeclaringType!;
        Type[] names = table.GetGenericTypeDefinition().GetGenericArguments();
        Type[] types = table.GetGenericArguments();
        return names.Select((name, i) => (name.Name, types[i])).ToDictionary(p => p.Name, p => p.Item2);
    }

    /// <summary>Every struct of src/Python/Abi that mirrors C (public fields; generic ones as their definitions), but the C arrays.</summary>
    public static IEnumerable<Type> Structs() =>
        typeof(Layout).Assembly.GetTypes().Where(type =>
            type.Namespace == typeof(Layout).Namespace && type.IsValueType && !type.IsEnum && !type.IsNested &&
            type.GetCustomAttribute<InlineArrayAttribute>() is null && type.GetFields(BindingFlags.Instance | BindingFlags.Public).Length > 0);

    /// <summary><paramref name="type"/> closed over a target's C types (itself when it is not generic).</summary>
    public static Type Close(Type type, IReadOnlyDictionary<string, Type> arguments) =>
        type.IsGenericTypeDefinition ? type.MakeGenericType(type.GetGenericArguments().Select(p => arguments[p.Name]).ToArray()) : type;

    /// <summary>The name without its generic arity: PyThreadState311`1 is PyThreadState311.</summary>
    public static string Name(Type type) => type.Name.Split('`')[0];

    public static int SizeOf(Type type) =>
        (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!;

    public static IEnumerable<FieldInfo> Fields(Type type) =>
        type.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic);

    private static readonly ConcurrentDictionary<FieldInfo, int> s_offsets = new();

    /// <summary>Where <paramref name="field"/> of a closed struct lies, as the runtime laid it out.</summary>
    public static int OffsetOf(FieldInfo field) => s_offsets.GetOrAdd(field, static f =>
    {
        // ldloca; ldflda; ldloca; sub: the field's address minus the struct's, in a method of its own.
        var method = new DynamicMethod("offset", typeof(int), Type.EmptyTypes, typeof(AbiTypes).Module, skipVisibility: true);
        ILGenerator il = method.GetILGenerator();
        il.DeclareLocal(f.DeclaringType!);
        il.Emit(OpCodes.Ldloca_S, (byte)0);
        il.Emit(OpCodes.Ldflda, f);
        il.Emit(OpCodes.Ldloca_S, (byte)0);
        il.Emit(OpCodes.Sub);
        il.Emit(OpCodes.Conv_I4);
        il.Emit(OpCodes.Ret);
        return (int)method.Invoke(null, null)!;
    });

    /// <summary>Whether a field's type is itself an ABI struct to look into (not a C type, an array or a fixed buffer).</summary>
    public static bool IsAbiStruct(Type type) =>
        type.Namespace == typeof(Layout).Namespace && type.IsValueType && !type.IsEnum && !type.IsNested &&
        type.GetCustomAttribute<InlineArrayAttribute>() is null && !type.IsPrimitive;
}
