import DossierDefinition

extension WorkingCalendar {
    /// The most days a date is moved looking for a working day: a year and a bit, past any
    /// holiday a calendar lists.
    static let longestAdjustment = 400

    /// `date` when it is a working day, else the nearest working day after it (or before it):
    /// a 10th that falls on a Sunday is kept on Monday the 11th, and a 1st in the Spring
    /// Festival on the first working day after the holiday. A calendar with no working day
    /// within a year of `date` leaves it where it is.
    public func adjusted(_ date: CalendarDate, _ adjustment: WorkingDayAdjustment) throws(Gap) -> (date: CalendarDate, provisional: Bool) {
        let step = adjustment == .nextWorkingDay ? 1 : -1
        var current = date
        var provisional = false
        for _ in 0...Self.longestAdjustment {
            let status = try day(current)
            provisional = provisional || status.isProvisional
            if status.isWorkday { return (current, provisional) }
            current = current.adding(days: step)
        }
        return (date, provisional)
    }
}
