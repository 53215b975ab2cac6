namespace AnSinh.Domain.Identity;

public enum Sex
{
    Male = 1,
    Female = 2,
}
