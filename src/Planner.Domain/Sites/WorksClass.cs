namespace Planner.Sites;

/// <summary>Classes of works on an old compound.</summary>
public enum WorksClass
{
    Basic = 1,       // 基础类
    Improvement = 2, // 完善类
    Enhancement = 3, // 提升类
}
